#!/usr/bin/env python3
"""Writes the mojibake test cases in tests/data/mojibake/ from correct text.

    scripts/mojibake-cases.py

Mangled text is made here with Python's own codecs (independent of encoding_rs, which the
rule uses): the correct text's UTF-8 bytes decoded with the wrong code page, as the damage
happens in the wild. Phrases come from the sample articles (../shared/corpus) and from
common words of the languages each code page serves.

- mangled.jsonl: {"kind", "text", "fixed"}: the rule must find the damage and `--fix` (safe
  fixes only) must turn `text` into `fixed`.
- correct.jsonl: {"kind", "text"}: correct text; the rule must stay silent.
- unsafe.jsonl: {"kind", "text", "fixed"?}: damage the rule must report without a safe fix;
  `fixed`, when given, is what `--unsafe-fixes` writes.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "tests", "data", "mojibake")


def sloppy(data: bytes, codec: str) -> str:
    """Decodes `data` with a single-byte code page, keeping undefined bytes as the C1
    control of the same number (what browsers and most tools do)."""
    out = []
    for b in data:
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def mangle(text: str, codec: str, rounds: int = 1) -> str:
    for _ in range(rounds):
        text = sloppy(text.encode("utf-8"), codec)
    return text


# Phrases in the site's own register (from the sample articles) with the characters real
# answers carry.
SITE = [
    "the Nursing Case Management Certification (CMGT-BC™) from the ANCC",
    "influenced by the works of Paul Cézanne, who emphasized",
    "a positively charged ion (Na⁺) and chlorine (Cl⁻)",
    "in a water molecule (H₂O), each hydrogen atom",
    "Philosophiæ Naturalis Principia Mathematica",
    "the work of Émilie Du Châtelet and Immanuel Kant",
    "a one-time cash gift of ₱100,000 for those who reach 100",
    "community composition (Åkesson et al., 2021)",
    "1 micrometer (µm) equals 0.000001 meters",
    "out of phase by π radians (180 degrees)",
    "Hay un gato en mi jardín.",
    "Nos hacen falta más sillas.",
    "A ti te gusta la canción.",
    "Él no quiere comer.",
    "the surgeon Jules Emil Péan in 1893",
    "It’s the client’s choice — not the manager’s.",
    "“Case management” is a collaborative process",
    "pages 12–15 of the report",
    "the R·atm constant in L·atm/(K·mol)",
    "a temperature of 25 °C and ±0.5 °C precision",
    "Intensity ratios (αI) and area ratios (βA)",
    "the café’s naïve résumé",
    "Müller, Jürgen and Björk went to Zürich.",
    "São Paulo e Brasília são cidades.",
    "5 × 3 = 15 and 10 ÷ 2 = 5",
]

MACROMAN = [
    "Le Schtroumpf conseille gâteaux et baies pour un régime équilibré.",
    "weiß", "più", "città", "perché", "Noël à Paris", "crème brûlée",
    "façade", "Größe", "Straße", "über", "Ärger", "déjà vu", "señor",
    "niño", "jalapeño", "naïve", "Zoë", "cœur", "fiancée",
]

CP1251 = [
    "дороге Из-под #футбол", "приятности", "Привет, мир", "спасибо",
    "до свидания", "Москва", "книга", "вода и хлеб", "пожалуйста",
    "здравствуйте", "хорошо", "утро", "вечер", "работа", "школа",
    "цена – 100 рублей", "«Война и мир»", "учитель", "город", "улица",
]

CP1250 = [
    "Liège Avenue de l'Hôpital", "Mám dost třetího tisíciletí", "Napíšte nám !",
    "vedere înceţoşată", "Kraków", "Łódź", "Gdańsk", "Brněnská přehrada",
    "česky", "slovenčina", "Dvořák", "Škoda", "Žilina", "Poznań", "Wrocław",
    "América Central", "Oceanía", "Debrecen és Győr", "Szeged, Pécs", "Ústí nad Labem",
]

CP437 = [
    "#правильноепитание", "¿Qué tal?", "¿Dónde está?", "¡Hola!", "пример",
    "¿Por qué?", "«ok»", "спорт", "¿Cómo?", "мир", "¿Quién?", "семья",
    "дом", "¿Cuándo?", "друг", "¿Cuánto?", "лес", "небо", "¿Cuál?", "снег",
]

LATIN1 = [
    "It’s fine", "don’t stop", "“quoted”", "a – b", "wait…", "the ‘word’",
    "café", "Zürich", "price: €5", "CMGT-BC™", "Ångström", "naïve", "x ≤ y",
    "a → b", "10 µm", "25 °C", "señor", "Björk", "£5", "Ελλάδα",
]

TWICE = [
    "It’s", "don’t", "“quoted”", "a — b", "né Jim Osterberg", "café",
    "Zürich", "CMGT-BC™", "€5", "São Paulo", "naïve", "Björk", "piñata",
    "25 °C", "a – b", "wait…", "résumé", "Émilie", "Åkesson", "H₂O",
]

C1_SINGLE = [
    "“quoted”", "It’s", "don’t", "l’hôtel", "a – b", "a — b", "wait…",
    "‘single’", "„German“", "CMGT-BC™", "€5", "•  item", "†  note",
    "‰ per mille", "Œuvre", "Šibenik", "Žilina", "naïve ‘x’", "‹a›", "ˆ and ˜",
]
# A C1 control stands for the Windows-1252 byte, read as Latin-1.
C1_SINGLE_MAP = lambda s: s.encode("cp1252").decode("latin-1")

# Windows-1252 mojibake whose undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) survive as C1
# controls: the last byte of ” (E2 80 9D), Á (C3 81), Í (C3 8D), Ï (C3 8F), Ð (C3 90), Ý (C3 9D).
C1_UNDEFINED = [
    "”", "“quoted”", "he said ”no”", "Álvaro", "Ídolo", "Ïle", "Ðakovo",
    "Ýmir", "ÁRBOL", "ÍNDICE", "ÐÁ", "the end.”", "”Yes”", "Ávila",
    "Ísland", "Ýr", "Á la carte", "ÍS", "Ðorđe", "ÝDR",
]

# à whose no-break space byte became a plain space, or was lost.
NBSP = [
    ("voilà le travail", "voilÃ  le travail"),
    ("voilà le travail", "voilÃ le travail"),
    ("à perturber la réflexion", "Ã perturber la rÃ©flexion"),
    ("jusqu'à nos jours", "jusqu'Ã nos jours"),
    ("jusqu'à nos jours", "jusqu'Ã  nos jours"),
    ("Le barème permet l’évaluation relatifs à l’utilisation", "Le barÃ¨me permet l’Ã©valuation relatifs Ã l’utilisation"),
    ("com especial atenção às crianças", "com especial atenÃ§Ã£o Ã s crianÃ§as"),
    ("ART TRIP à l'office de tourisme", "ART TRIP Ã\u00a0 l'office de tourisme"),
    ("déjà vu", "dÃ©jÃ  vu"),
    ("déjà vu", "dÃ©jÃ vu"),
    ("à la carte", "Ã  la carte"),
    ("menu à la carte", "menu Ã  la carte"),
    ("città di Roma", "cittÃ  di Roma"),
    ("città di Roma", "cittÃ di Roma"),
    ("perché la città", "perchÃ© la cittÃ "),
    ("il y a là une", "il y a lÃ  une"),
    ("il y a là une", "il y a lÃ une"),
    ("grâce à vous", "grÃ¢ce Ã  vous"),
    ("grâce à vous", "grÃ¢ce Ã vous"),
    ("face à face", "face Ã  face"),
]

# Damage the rule must report but cannot repair safely.
UNSAFE = [
    # A byte was lost: which character it was cannot be known for sure.
    ("lost", "Europa, Asia, \u0102\ufffdfrica, Norte", None),
    ("lost", "Sloven\u00c4\ufffdina", None),
    ("lost", "caf\u00c3\ufffd au lait", None),
    ("lost", "He said \u00e2\u20ac\ufffd hello", None),
    ("lost", "The ICR has been upgraded to \u00e2\u20ac\u0153bb+\u00e2\u20ac?", None),
    ("lost", "se\u00c3\ufffdor", None),
    ("lost", "He said \u00e2\u20ac hello", None),
    ("lost", "the end.\u00e2\u20ac", None),
    # The repair would hold a control character.
    ("control", "a \u00c2\u0085 b", "a \u0085 b"),
    ("control", "x \u00c2\u0080 y", "x \u0080 y"),
    # A lone pair of ordinary letters and signs: likely damage, but it could be text.
    ("pair", "Istanbul or \u00c4\u00b0stanbul", "Istanbul or İstanbul"),
    ("pair", "\u00c4\u00b0zmir ve \u00c4\u00b0stanbul", "İzmir ve İstanbul"),
    # à restored where the context does not say the text was lower case.
    ("lost", "S\u00c3\ufffdo Paulo", None),
    ("lost", "Bras\u00c3\ufffdlia", None),
    ("lost", "M\u00c3\ufffdnchen", None),
    # Mojibake inside a word of another script.
    ("lost", "\u00d0\u0178\u00d1\ufffd\u00d0\u00b8\u00d0\u00b2\u00d0\u00b5\u00d1\u201a", None),
    ("lost", "\u00e6\u2014\u00a5\u00e6\ufffd\u00ac", None),
    ("lost", "\u00f0\u0178\u02dc\ufffd smile", None),
    ("control", "\u00c2\u009d", "\u009d"),
    ("control", "tab\u00c2\u0089stop", "tab\u0089stop"),
]

# Correct text the rule must leave alone.
CORRECT = [
    # False alarms seen before.
    ("angstrom", "bond length of 1.54 Å—about the same"),
    ("angstrom", "from 5.43 Å–5.66 Å in silicon"),
    ("angstrom", "a spacing of \"3.4 Å\" in the figure"),
    ("angstrom", "10 Å— roughly"),
    ("times", "3×£12 for the set"),
    ("times", "Press the “×” key"),
    ("times", "Offering 5×£35 pin ups"),
    ("times", "4288×…"),
    ("times", "higher values (“+” and “×” curves)"),
    ("letter-punct", "Ø™ brand"),
    ("letter-punct", "Bremer/Mccoy – DrÃ¥ber"),
    ("letter-punct", "pra lá´´"),
    ("letter-punct", "MÄ£ÄM ÌÑÌ Q £ÄGÌ GÄLÄW ÑÍCH SÖÄ£"),
    ("letter-punct", "AHÅ™ record"),
    ("letter-punct", "JOÃ’s house"),
    ("letter-punct", "Join ZZAJÉ’s Official Fan List"),
    ("letter-punct", "HUHLL Õ…"),
    ("letter-punct", "RETWEET SE VOCÊ…"),
    ("letter-punct", "IL Y MARQUÉ…"),
    ("letter-punct", "SDV SÓ…"),
    ("letter-punct", "ESSE CARA AI QUEM É¿"),
    ("letter-punct", "NESTLÉ® requiere contratar"),
    ("letter-punct", "CAFÉ” she wrote"),
    ("nbsp", "MISUTÂ\u00a0AJIKKO"),
    ("nbsp", "SELKÄ\u00a0EDELLÄ\u00a0MAAHAN via @YouTube"),
    ("nbsp", "C O N C L U S Ã O"),
    ("nbsp", "Con il corpo e lo spirito ammaccato,\u00a0è come se"),
    ("nbsp", "[x]\u00a0©"),
    # The README's promises, in every context.
    ("promise", "Ångström"),
    ("promise", "Ångström—the unit"),
    ("promise", "“Ångström”"),
    ("promise", "£5"),
    ("promise", "£5—cheap"),
    ("promise", "(£5)"),
    ("promise", "™"),
    ("promise", "Brand™—new"),
    ("promise", "a lone ™ here"),
    ("promise", "pâté"),
    ("promise", "naïve"),
    # Chemistry, physics and mathematics notation.
    ("science", "H₂O, CO₂, x², 10⁻³, Ca²⁺, SO₄²⁻"),
    ("science", "ΔG = ΔH − TΔS"),
    ("science", "λ = 500 nm, ν = c/λ, ω = 2πf"),
    ("science", "(-1/2)! = √π"),
    ("science", "∑ᵢ xᵢ ≤ ∫ f(x) dx ≈ ∞"),
    ("science", "±5 °C · 3 µm · ¬p ∧ q"),
    ("science", "∆°"),
    ("science", "2012—∞"),
    ("science", "R = 8.314 J/(mol·K)"),
    ("science", "½ × ¾ = ⅜"),
    # Currency and multiplication.
    ("money", "€5, £10, ¥100, ₹50, ₱100,000, ¢25"),
    ("money", "5 × £3 = £15"),
    ("money", "$5 × 3"),
    # Languages.
    ("scandinavian", "Øresund — Ærø — Åland — Dråber"),
    ("scandinavian", "Smørrebrød på Nørrebro"),
    ("baltic", "Rīga, Vilnius, Tallinn: ģimene, ķirbis, ļoti, šūna"),
    ("baltic", "Lietuvių kalba: ąžuolas, čiauškėti, ūsai"),
    ("czech", "Příliš žluťoučký kůň úpěl ďábelské ódy"),
    ("vietnamese", "Tiếng Việt có dấu, người Việt, Hà Nội"),
    ("vietnamese", "Tại sao giá hạt sầu riêng lại lên giá?"),
    ("turkish", "İstanbul, Hırsızı Büyü Korkuttu, çiğ köfte"),
    ("greek", "Η ¨ανατροφή¨ δυστυχώς από τους προπονητές"),
    ("greek", "α, β, γ, Δ, π, Φ, θ, µ, Ω"),
    ("french", "L’épisode 8 est trop fou, à bientôt"),
    ("french", "Ça va? Ça marche. Où est-ce?"),
    ("portuguese", "``toda produzida pronta pra assa aí´´"),
    ("portuguese", "SÃO PAULO E IRMÃ"),
    ("portuguese", "Ôôô VIDA MINHA"),
    ("spanish", "El niño comió piña y jalapeños en España."),
    ("german", "Über die Brücke: „Ich weiß“, sagte er."),
    ("cyrillic", "SENSЕ - Oleg Tsedryk"),
    ("cyrillic", "Привет, мир — «Война и мир»"),
    ("faces", "OK??:(   `¬´    ):"),
    ("faces", "( o¬ô )"),
    ("faces", "├┤a┼┐a┼┐a┼┐a┼┐a"),
    ("faces", "Connect with Āø on Facebook"),
    ("mixed", "Oborzos, per. Vahbarz, frataraká§ 141"),
    ("mixed", "emoji 😀 and ™ and ©"),
    ("mixed", "日本語のテキスト"),
    ("mixed", "Â and Ã alone"),
    ("inconsistent", "“Quoted” and caf\u00c3\u00a9"),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    mangled = []

    def add(kind, correct, text):
        assert text != correct, (kind, correct)
        mangled.append({"kind": kind, "text": text, "fixed": correct})

    for s in SITE:
        add("windows-1252", s, mangle(s, "cp1252"))
    for s in LATIN1:
        add("latin-1", s, mangle(s, "latin-1"))
    for s in TWICE:
        add("windows-1252-twice", s, mangle(s, "cp1252", 2))
    for s in MACROMAN:
        add("mac-roman", s, mangle(s, "mac_roman"))
    for s in CP1251:
        add("windows-1251", s, mangle(s, "cp1251"))
    for s in CP1250:
        add("windows-1250", s, mangle(s, "cp1250"))
    for s in CP437:
        add("ibm437", s, mangle(s, "cp437"))
    for s in C1_SINGLE:
        add("c1-controls", s, C1_SINGLE_MAP(s))
    for s in C1_UNDEFINED:
        add("c1-undefined", s, mangle(s, "cp1252"))
    for correct, text in NBSP:
        add("nbsp", correct, text)

    with open(os.path.join(OUT, "mangled.jsonl"), "w", encoding="utf-8") as f:
        for case in mangled:
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    with open(os.path.join(OUT, "correct.jsonl"), "w", encoding="utf-8") as f:
        for kind, text in CORRECT:
            f.write(json.dumps({"kind": kind, "text": text}, ensure_ascii=False) + "\n")
    with open(os.path.join(OUT, "unsafe.jsonl"), "w", encoding="utf-8") as f:
        for kind, text, fixed in UNSAFE:
            case = {"kind": kind, "text": text}
            if fixed is not None:
                case["fixed"] = fixed
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"{len(mangled)} mangled, {len(CORRECT)} correct, {len(UNSAFE)} unsafe")


if __name__ == "__main__":
    main()
