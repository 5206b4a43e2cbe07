//! `contentlint server`: the real binary, spoken to over stdio in LSP (framed by lsp-server,
//! as an editor would), on a small site.

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value, json};

mod common;
use common::root;

const VALID: &str = "fixtures/invalid/health-studies/valid-minimal.md";
const TITLE: &str = "What training and qualifications are required for case managers?";

/// An article made from the valid fixture: its name, id and title, an answer line, and
/// related blocks appended to its front matter.
fn article(stem: &str, id: u32, title: &str, answer: &str, related: &str) -> String {
    let valid = std::fs::read_to_string(root().join(VALID)).unwrap();
    let text = valid
        .replace("valid-minimal", stem)
        .replace("id: 900001", &format!("id: {id}"))
        .replace(TITLE, title);
    let text = text.replacen(
        "To become a case manager, individuals typically need a relevant degree.\\n\\nMost also hold a license.",
        answer,
        1,
    );
    let end = text.rfind("\n---\n").unwrap();
    format!("{}\n{}{}", &text[..end], related, &text[end + 1..])
}

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Message>,
    next: i32,
}

impl Client {
    fn start(dir: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_contentlint"))
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Ok(Some(message)) = Message::read(&mut reader) {
                if send.send(message).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            stdin,
            messages,
            next: 0,
        }
    }

    fn send(&mut self, message: Message) {
        message.write(&mut self.stdin).unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.to_string(),
            params,
        )));
    }

    /// Sends a request and waits for its response (answering nothing else meanwhile).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.send(Message::Request(Request::new(
            id.clone(),
            method.to_string(),
            params,
        )));
        loop {
            match self.receive() {
                Message::Response(r) if r.id == id => match r.response_result {
                    Ok(result) => return result,
                    Err(e) => panic!("{method}: {e:?}"),
                },
                _ => continue,
            }
        }
    }

    fn receive(&self) -> Message {
        self.messages
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answered within 30 s")
    }

    /// The next diagnostics published for `uri` that satisfy `wanted`.
    fn diagnostics(&self, uri: &str, wanted: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        loop {
            if let Message::Notification(n) = self.receive()
                && n.method == "textDocument/publishDiagnostics"
                && n.params["uri"] == uri
            {
                let found = n.params["diagnostics"].as_array().unwrap().clone();
                if wanted(&found) {
                    return found;
                }
            }
        }
    }
}

fn uri(path: &Path) -> String {
    let text = path.to_str().unwrap();
    assert!(
        text.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-_.".contains(c)),
        "{text}"
    );
    format!("file://{text}")
}

fn with_rule<'a>(diagnostics: &'a [Value], rule: &str) -> Option<&'a Value> {
    diagnostics.iter().find(|d| d["code"] == rule)
}

/// The LSP position (line, UTF-16 units) of the first `needle` in `text`.
fn position(text: &str, needle: &str) -> (u64, u64) {
    let offset = text.find(needle).unwrap();
    let line = text[..offset].matches('\n').count();
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    (
        line as u64,
        text[start..offset].encode_utf16().count() as u64,
    )
}

fn range_of(d: &Value) -> ((u64, u64), (u64, u64)) {
    let r = &d["range"];
    let pos = |p: &Value| {
        (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        )
    };
    (pos(&r["start"]), pos(&r["end"]))
}

#[test]
fn an_editing_session_over_lsp() {
    let dir = tempfile::tempdir().unwrap();
    let site: PathBuf = dir.path().canonicalize().unwrap();
    let folder = site.join("content/learn/health-studies");
    std::fs::create_dir_all(&folder).unwrap();
    let b_block = "related_article2:\n    id: 900102\n    title: >-\n        What is article B?\n    subject: Health Studies\n    url: /learn/health-studies/questions/article-b\n";
    let a = article(
        "article-a",
        900101,
        "What is article A?",
        "Café 😀 au lait: the CMGT-BCâ„¢ certification.",
        &format!(
            "related_article1:\n    id: 555\n    title: >-\n        Gone\n    subject: Health Studies\n    url: /learn/health-studies/questions/gone\n{b_block}"
        ),
    );
    let b = article("article-b", 900102, "What is article B?", "B's answer.", "");
    let (a_path, b_path) = (folder.join("article-a.md"), folder.join("article-b.md"));
    std::fs::write(&a_path, &a).unwrap();
    std::fs::write(&b_path, &b).unwrap();
    let (a_uri, b_uri) = (uri(&a_path), uri(&b_path));

    let mut client = Client::start(&site);
    let init = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(&site),
            "capabilities": {},
            "workspaceFolders": [{"uri": uri(&site), "name": "site"}],
        }),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "contentlint");
    client.notify("initialized", json!({}));

    // Open A: its mojibake and its dead related card, at their exact places. (Its own rules
    // may be published first, before the index is ready; the dead card needs the index.)
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": a_uri, "languageId": "markdown", "version": 1, "text": a}}),
    );
    let found = client.diagnostics(&a_uri, |d| with_rule(d, "related-unresolved").is_some());
    let mojibake = with_rule(&found, "mojibake").expect("mojibake");
    let start = position(&a, "â„¢");
    assert_eq!(range_of(mojibake), (start, (start.0, start.1 + 3)));
    assert_eq!(mojibake["severity"], 1);
    assert_eq!(mojibake["source"], "contentlint");
    assert!(
        mojibake["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("docs/rules/mojibake.md")
    );
    let dead = with_rule(&found, "related-unresolved").expect("related-unresolved");
    let id = position(&a, "555");
    assert_eq!(range_of(dead), (id, (id.0, id.1 + 3)));
    assert!(
        with_rule(&found, "related-mismatch").is_none(),
        "{found:#?}"
    );

    // The mojibake quick fix.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": a_uri},
            "range": mojibake["range"],
            "context": {"diagnostics": [mojibake]},
        }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Fix: "))
        .expect("a quick fix");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    let edit = &fix["edit"]["changes"][&a_uri][0];
    assert_eq!(edit["newText"], "™");
    assert_eq!(edit["range"], mojibake["range"]);
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Disable mojibake for this line"),
        "{titles:?}"
    );
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Fix all safe problems")),
        "{titles:?}"
    );
    // Apply it as the editor would (an incremental change), and the diagnostic goes.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": a_uri, "version": 2},
            "contentChanges": [{"range": edit["range"], "text": "™"}],
        }),
    );
    let found = client.diagnostics(&a_uri, |d| with_rule(d, "mojibake").is_none());
    assert!(with_rule(&found, "related-unresolved").is_some());

    // Hover on the dead card shows its rule's documentation.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": a_uri}, "position": dead["range"]["start"]}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("related-unresolved")
    );

    // Open B and retitle it, unsaved: A's copy of B's title is now stale.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": b_uri, "languageId": "markdown", "version": 1, "text": b}}),
    );
    let title = position(&b, "What is article B?");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": b_uri, "version": 2},
            "contentChanges": [{
                "range": {"start": {"line": title.0, "character": title.1 + 8},
                          "end": {"line": title.0, "character": title.1 + 17}},
                "text": "the second article",
            }],
        }),
    );
    let found = client.diagnostics(&a_uri, |d| with_rule(d, "related-mismatch").is_some());
    let stale = with_rule(&found, "related-mismatch").unwrap();
    assert!(
        stale["message"]
            .as_str()
            .unwrap()
            .contains("What is the second article?"),
        "{stale:#}"
    );
    let copied = position(&a, "What is article B?");
    assert_eq!(range_of(stale).0, copied);

    // Shutdown and exit.
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    drop(client.stdin);
    let status = client.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}
