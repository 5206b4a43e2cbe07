//! `contentlint server`: the Language Server Protocol over stdio (lsp-server and lsp-types,
//! as rust-analyzer and ruff use them).
//!
//! The server owns one [`Workspace`] for the editor's folder. At start a second thread walks
//! and indexes the content root (from the cache when there is one) into a [`Session`];
//! meanwhile open documents get the diagnostics of their own rules (the cross-article rules
//! wait for the index), and when the index is ready it takes over and every open document is
//! checked against it, with its unsaved text as an overlay. A
//! change to one document re-checks every open document, so an article that points at the
//! edited one sees its `related-mismatch` come and go as the title is typed. Changes on disk
//! arrive as `workspace/didChangeWatchedFiles`; a change to `contentlint.toml` or a schema
//! reopens the workspace.

mod actions;
mod convert;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, RegisterCapability, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, Location, PositionEncodingKind,
    PublishDiagnosticsParams, Registration, RegistrationParams, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use serde::Deserialize;
use serde_json::Value;

use crate::core::report::FileResult;
use crate::core::rules::{self, RuleId};
use crate::workspace::config::RuleChoices;
use crate::workspace::session::Session;
use crate::workspace::{CacheLocation, Collect, ConfigSource, NoProgress, Options, Workspace};

/// The editor's settings (`initializationOptions`, or `workspace/didChangeConfiguration`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Settings {
    /// A config file to use instead of the nearest `contentlint.toml`.
    configuration: Option<PathBuf>,
    /// Run only these rules.
    select: Vec<String>,
    /// Do not run these rules.
    ignore: Vec<String>,
    /// Offer unsafe fixes as quick fixes (marked as such); on unless set to false.
    unsafe_fixes: Option<bool>,
}

/// An open document.
struct Document {
    path: PathBuf,
    text: String,
    version: i32,
    /// The results of the last check of this text (its diagnostics, for code actions and
    /// hover), with the text they were found in.
    last: Option<(Arc<str>, FileResult)>,
}

/// The server's state.
struct Server {
    connection: Connection,
    root: PathBuf,
    settings: Settings,
    /// Before the index is ready: a workspace that runs only each file's own rules.
    workspace: Workspace,
    session: Option<Session>,
    /// The index being built on another thread, and the workspace that built it.
    indexing: Option<crossbeam_channel::Receiver<Result<(Workspace, Session), String>>>,
    /// When the indexing started.
    indexing_since: std::time::Instant,
    documents: HashMap<String, Document>,
    next_request: i32,
}

/// Runs the server on stdin and stdout until the client says `exit`.
pub fn run() -> ExitCode {
    let (connection, io_threads) = Connection::stdio();
    let status = match serve(connection) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("contentlint server: {message}");
            ExitCode::from(2)
        }
    };
    // The reader thread ends when the client closes stdin.
    let _ = io_threads.join();
    status
}

fn serve(connection: Connection) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).map_err(|e| e.to_string())?;
    let root = workspace_root(&params)
        .or_else(|| std::env::current_dir().ok())
        .ok_or("no workspace folder and no current directory")?;
    let settings: Settings = params
        .initialization_options
        .clone()
        .and_then(|o| serde_json::from_value(o).ok())
        .unwrap_or_default();
    let capabilities = ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo {
            name: "contentlint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let workspace =
        open(&root, &settings, true).map_err(|e| format!("cannot open the workspace: {e}"))?;
    let mut server = Server {
        connection,
        root,
        settings,
        workspace,
        session: None,
        indexing: None,
        indexing_since: std::time::Instant::now(),
        documents: HashMap::new(),
        next_request: 0,
    };
    server.watch_files();
    server.index();
    server.main_loop()
}

/// The first workspace folder, else the root URI.
#[allow(deprecated)]
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| convert::path(&f.uri))
        .or_else(|| params.root_uri.as_ref().and_then(convert::path))
}

/// Opens the workspace of `root` with the editor's settings; `own_rules_only` turns the
/// cross-article rules off (for the time before the index is ready).
fn open(root: &Path, settings: &Settings, own_rules_only: bool) -> Result<Workspace, String> {
    let rules = |names: &[String]| -> Vec<RuleId> {
        names.iter().filter_map(|n| RuleId::from_name(n)).collect()
    };
    let mut ignore = rules(&settings.ignore);
    if own_rules_only {
        ignore.extend(
            RuleId::ALL
                .iter()
                .filter(|r| r.kind() == rules::Kind::Corpus),
        );
    }
    let options = Options {
        cwd: root.to_path_buf(),
        config: match &settings.configuration {
            Some(file) => ConfigSource::File(root.join(file)),
            None => ConfigSource::Nearest,
        },
        choices: RuleChoices {
            select: rules(&settings.select),
            ignore,
            ..RuleChoices::default()
        },
        url_pattern: None,
        schema: None,
        root: None,
        // The own-rules workspace keeps no cache: only the indexing one writes it.
        cache: if own_rules_only {
            CacheLocation::Off
        } else {
            CacheLocation::Default
        },
        force_exclude: false,
    };
    Workspace::open(options).map_err(|e| match e {
        crate::workspace::OpenError::Config(e) => e.to_string(),
        crate::workspace::OpenError::Other(m) => m,
    })
}

impl Server {
    /// Asks the client to tell about changes on disk to articles, configs and schemas.
    fn watch_files(&mut self) {
        let watchers = ["**/*.md", "**/contentlint.toml", "**/*.{json,yaml,yml}"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.to_string()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "contentlint-watch".to_string(),
                method: DidChangeWatchedFiles::METHOD.to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.request::<RegisterCapability>(params);
    }

    fn request<R: lsp_types::request::Request>(&mut self, params: R::Params) {
        self.next_request += 1;
        let request = Request::new(
            RequestId::from(format!("contentlint-{}", self.next_request)),
            R::METHOD.to_string(),
            params,
        );
        let _ = self.connection.sender.send(Message::Request(request));
    }

    /// Walks and indexes the content root on another thread (the cache makes a warm start
    /// quick); [`Server::main_loop`] takes the result when it is ready.
    fn index(&mut self) {
        let (send, receive) = crossbeam_channel::bounded(1);
        let (root, settings) = (self.root.clone(), self.settings.clone());
        std::thread::spawn(move || {
            let indexed = open(&root, &settings, false).and_then(|mut workspace| {
                let session = workspace
                    .session(std::slice::from_ref(&root))
                    .map_err(|e| e.to_string())?;
                Ok((workspace, session))
            });
            let _ = send.send(indexed);
        });
        self.indexing = Some(receive);
        self.indexing_since = std::time::Instant::now();
    }

    /// The index is ready: its workspace takes over, with the open buffers.
    fn indexed(&mut self, indexed: Result<(Workspace, Session), String>) {
        self.indexing = None;
        match indexed {
            Ok((workspace, session)) => {
                self.workspace = workspace;
                for document in self.documents.values() {
                    self.workspace
                        .set_overlay(&document.path, Some(Arc::from(document.text.as_str())));
                }
                self.tell(
                    lsp_types::MessageType::INFO,
                    &format!(
                        "contentlint: indexed {} files in {} ms",
                        session.len(),
                        self.indexing_since.elapsed().as_millis()
                    ),
                );
                self.session = Some(session);
            }
            Err(e) => self.log(&format!("indexing failed: {e}")),
        }
    }

    fn log(&self, message: &str) {
        self.tell(lsp_types::MessageType::WARNING, message);
    }

    /// A `window/logMessage` (the editor's output panel).
    fn tell(&self, typ: lsp_types::MessageType, message: &str) {
        let params = lsp_types::LogMessageParams {
            typ,
            message: message.to_string(),
        };
        let _ = self
            .connection
            .sender
            .send(Message::Notification(Notification::new(
                lsp_types::notification::LogMessage::METHOD.to_string(),
                params,
            )));
    }

    fn main_loop(&mut self) -> Result<(), String> {
        loop {
            let first = match self.indexing.clone() {
                Some(indexing) => crossbeam_channel::select! {
                    recv(self.connection.receiver) -> message => message,
                    recv(indexing) -> indexed => {
                        let indexed = indexed
                            .unwrap_or_else(|_| Err("the indexing thread stopped".to_string()));
                        self.indexed(indexed);
                        self.check_open();
                        continue;
                    }
                },
                None => self.connection.receiver.recv(),
            };
            let Ok(first) = first else {
                return Ok(());
            };
            // Take everything already waiting, so that a burst of keystrokes is one check.
            let mut batch = vec![first];
            while let Ok(next) = self.connection.receiver.try_recv() {
                batch.push(next);
            }
            let mut dirty = false;
            for message in batch {
                match message {
                    Message::Request(request) => {
                        if dirty {
                            // Answer from up-to-date diagnostics.
                            self.check_open();
                            dirty = false;
                        }
                        if self
                            .connection
                            .handle_shutdown(&request)
                            .map_err(|e| e.to_string())?
                        {
                            return Ok(());
                        }
                        self.answer(request);
                    }
                    Message::Notification(notification) => {
                        if notification.method == lsp_types::notification::Exit::METHOD {
                            return Ok(());
                        }
                        dirty |= self.notified(notification);
                    }
                    Message::Response(_) => {}
                }
            }
            if dirty {
                self.check_open();
            }
        }
    }

    /// Handles a notification; whether the open documents need checking again.
    fn notified(&mut self, notification: Notification) -> bool {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(
                    notification.params,
                ) else {
                    return false;
                };
                let Some(path) = convert::path(&params.text_document.uri) else {
                    return false;
                };
                let document = Document {
                    path,
                    text: params.text_document.text,
                    version: params.text_document.version,
                    last: None,
                };
                self.workspace
                    .set_overlay(&document.path, Some(Arc::from(document.text.as_str())));
                self.documents
                    .insert(params.text_document.uri.as_str().to_string(), document);
                true
            }
            DidChangeTextDocument::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(
                    notification.params,
                ) else {
                    return false;
                };
                let Some(document) = self.documents.get_mut(params.text_document.uri.as_str())
                else {
                    return false;
                };
                for change in params.content_changes {
                    match change.range {
                        Some(range) => {
                            let lines = convert::Lines::new(&document.text);
                            let start = lines.offset(range.start);
                            let end = lines.offset(range.end).max(start);
                            document.text.replace_range(start..end, &change.text);
                        }
                        None => document.text = change.text,
                    }
                }
                document.version = params.text_document.version;
                let (path, text) = (document.path.clone(), Arc::from(document.text.as_str()));
                self.workspace.set_overlay(&path, Some(text));
                true
            }
            DidCloseTextDocument::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(
                    notification.params,
                ) else {
                    return false;
                };
                if let Some(document) = self.documents.remove(params.text_document.uri.as_str()) {
                    self.workspace.set_overlay(&document.path, None);
                    self.publish(&params.text_document.uri, Vec::new(), None);
                    // Others may have pointed at its unsaved text.
                    if let Some(session) = &mut self.session {
                        self.workspace.refresh(session, &[document.path]);
                    }
                }
                true
            }
            DidSaveTextDocument::METHOD => false,
            DidChangeWatchedFiles::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(
                    notification.params,
                ) else {
                    return false;
                };
                let paths: Vec<PathBuf> = params
                    .changes
                    .iter()
                    .filter_map(|c| convert::path(&c.uri))
                    .collect();
                let settings_changed = paths
                    .iter()
                    .any(|p| crate::workspace::config::is_settings_file(p));
                if settings_changed {
                    self.reload();
                } else if let Some(session) = &mut self.session {
                    self.workspace.refresh(session, &paths);
                }
                true
            }
            "workspace/didChangeConfiguration" => {
                let settings = notification
                    .params
                    .get("settings")
                    .map(|s| s.get("contentlint").unwrap_or(s).clone())
                    .and_then(|s| serde_json::from_value::<Settings>(s).ok());
                if let Some(settings) = settings {
                    self.settings = settings;
                    self.reload();
                }
                true
            }
            _ => false,
        }
    }

    /// Opens the workspace again (the config or a schema changed), keeping the open buffers.
    fn reload(&mut self) {
        match open(&self.root, &self.settings, true) {
            Ok(workspace) => {
                self.workspace = workspace;
                self.session = None;
                for document in self.documents.values() {
                    self.workspace
                        .set_overlay(&document.path, Some(Arc::from(document.text.as_str())));
                }
                self.index();
            }
            Err(e) => self.log(&format!("contentlint.toml: {e}")),
        }
    }

    /// Checks every open document and publishes its diagnostics: against the index when it
    /// is ready, else with each file's own rules.
    fn check_open(&mut self) {
        let paths: Vec<PathBuf> = self.documents.values().map(|d| d.path.clone()).collect();
        if paths.is_empty() {
            return;
        }
        let mut collect = Collect::default();
        let checked = match &self.session {
            Some(session) => self.workspace.check_in(session, &paths, &mut collect),
            None => self.workspace.check(&paths, &mut collect, &NoProgress),
        };
        if let Err(e) = checked {
            self.log(&format!("check failed: {e}"));
            return;
        }
        let mut results: HashMap<PathBuf, FileResult> = collect
            .files
            .into_iter()
            .map(|f| {
                (
                    self.workspace.paths().canonical(&self.root.join(&f.path)),
                    f,
                )
            })
            .collect();
        let uris: Vec<String> = self.documents.keys().cloned().collect();
        for key in uris {
            let (canonical, version) = {
                let document = &self.documents[&key];
                (
                    self.workspace.paths().canonical(&document.path),
                    document.version,
                )
            };
            let Some(result) = results.remove(&canonical) else {
                continue;
            };
            let text: Arc<str> = result
                .source
                .clone()
                .unwrap_or_else(|| Arc::from(self.documents[&key].text.as_str()));
            let lines = convert::Lines::new(&text);
            let related = |note: &crate::core::diagnostic::Note| -> Option<Location> {
                let path = self.root.join(&note.path);
                let other = self.workspace.text_of(&path)?;
                let range = convert::Lines::new(&other).range(&note.span);
                Some(Location::new(convert::uri(&path), range))
            };
            let diagnostics = result
                .diagnostics
                .iter()
                .map(|d| convert::diagnostic(d, &lines, &related))
                .collect();
            let Ok(uri) = key.parse::<Uri>() else {
                continue;
            };
            self.publish(&uri, diagnostics, Some(version));
            if let Some(document) = self.documents.get_mut(&key) {
                document.last = Some((text, result));
            }
        }
    }

    fn publish(&self, uri: &Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        };
        let _ = self
            .connection
            .sender
            .send(Message::Notification(Notification::new(
                PublishDiagnostics::METHOD.to_string(),
                params,
            )));
    }

    /// Answers a request.
    fn answer(&mut self, request: Request) {
        let id = request.id.clone();
        let result: Result<Value, String> = match request.method.as_str() {
            CodeActionRequest::METHOD => serde_json::from_value(request.params)
                .map_err(|e| e.to_string())
                .map(|params| actions::code_actions(self, &params)),
            HoverRequest::METHOD => serde_json::from_value(request.params)
                .map_err(|e| e.to_string())
                .map(|params| actions::hover(self, &params)),
            _ => {
                let response = Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("contentlint does not answer {}", request.method),
                );
                let _ = self.connection.sender.send(Message::Response(response));
                return;
            }
        };
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
        };
        let _ = self.connection.sender.send(Message::Response(response));
    }
}

/// A rule named in a diagnostic's code.
fn rule_of(d: &lsp_types::Diagnostic) -> Option<RuleId> {
    match &d.code {
        Some(lsp_types::NumberOrString::String(name)) => rules::RuleId::from_name(name),
        _ => None,
    }
}
