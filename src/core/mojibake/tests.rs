use super::*;

#[test]
fn the_seed_is_found_and_repaired_byte_for_byte() {
    let text = "Nursing Case Management Certification (CMGT-BCâ„¢) from the ANCC";
    let runs = find(text);
    assert_eq!(runs.len(), 1);
    assert_eq!(&text[runs[0].span.clone()], "â„¢");
    assert_eq!(runs[0].repaired.as_deref(), Some("™"));
    assert_eq!(runs[0].doubt, None);
    assert_eq!(
        repair(text, false),
        "Nursing Case Management Certification (CMGT-BC™) from the ANCC"
    );
}

#[test]
fn code_pages_and_rounds_are_told() {
    let damage = |text: &str| find(text)[0].damage;
    assert_eq!(
        damage("Ã¢â‚¬â„¢"),
        Damage::Decoded {
            page: CodePage::Windows1252,
            rounds: 2,
            latin1: false
        }
    );
    assert!(matches!(
        damage("wei√ü"),
        Damage::Decoded {
            page: CodePage::MacRoman,
            ..
        }
    ));
    assert!(matches!(
        damage("РґРѕ"),
        Damage::Decoded {
            page: CodePage::Windows1251,
            ..
        }
    ));
    assert!(matches!(
        damage("LiĂ¨ge"),
        Damage::Decoded {
            page: CodePage::Windows1250,
            ..
        }
    ));
    assert!(matches!(
        damage("╨┐╤Ç"),
        Damage::Decoded {
            page: CodePage::Ibm437,
            ..
        }
    ));
    assert_eq!(damage("\u{93}quoted"), Damage::C1Controls);
    assert_eq!(damage("voilÃ  le"), Damage::LostNoBreakSpace);
    assert_eq!(damage("SlovenÄ\u{fffd}ina"), Damage::LostByte);
}
