//! The mojibake detector against three files of cases (`tests/data/mojibake/`, written by
//! `scripts/mojibake-cases.py` with Python's own codecs): mangled text and its exact repair,
//! correct text that must stay silent, and damage that must be reported without a safe fix.

use std::collections::BTreeMap;

use contentlint::core::mojibake::{find, repair};
use serde_json::Value;

mod common;

fn cases(name: &str) -> Vec<Value> {
    let path = common::root().join("tests/data/mojibake").join(name);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn text(case: &Value, key: &str) -> String {
    case[key].as_str().unwrap().to_string()
}

#[test]
fn mangled_text_is_found_and_repaired_exactly() {
    let cases = cases("mangled.jsonl");
    let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    for case in &cases {
        *per_kind.entry(text(case, "kind")).or_default() += 1;
        let (mangled, fixed) = (text(case, "text"), text(case, "fixed"));
        let repaired = repair(&mangled, false);
        if repaired != fixed {
            wrong.push(format!(
                "{}: {mangled:?} → {repaired:?}, expected {fixed:?}",
                text(case, "kind")
            ));
        }
    }
    assert!(per_kind.values().all(|&n| n >= 20), "{per_kind:?}");
    assert!(
        wrong.is_empty(),
        "{} of {} wrong:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

#[test]
fn correct_text_stays_silent() {
    let cases = cases("correct.jsonl");
    assert!(cases.len() >= 60);
    let alarms: Vec<String> = cases
        .iter()
        .map(|c| text(c, "text"))
        .filter(|t| !find(t).is_empty())
        .map(|t| format!("{t:?}: {:?}", find(&t)))
        .collect();
    assert!(
        alarms.is_empty(),
        "{} false alarms:\n{}",
        alarms.len(),
        alarms.join("\n")
    );
}

#[test]
fn doubtful_damage_is_reported_without_a_safe_fix() {
    let cases = cases("unsafe.jsonl");
    let mut wrong = Vec::new();
    for case in &cases {
        let mangled = text(case, "text");
        let runs = find(&mangled);
        if !runs.iter().any(|r| r.doubt.is_some()) {
            wrong.push(format!("{mangled:?}: no doubtful run in {runs:?}"));
            continue;
        }
        if let Some(fixed) = case["fixed"].as_str()
            && repair(&mangled, true) != fixed
        {
            wrong.push(format!(
                "{mangled:?} → {:?}, expected {fixed:?}",
                repair(&mangled, true)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
