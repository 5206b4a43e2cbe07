// Starts `contentlint server` for the Markdown files of the workspace and hands it the
// `contentlint.*` settings; diagnostics, quick fixes and hover come from the server.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function settings() {
  const config = vscode.workspace.getConfiguration("contentlint");
  return {
    configuration: config.get("configuration"),
    select: config.get("select"),
    ignore: config.get("ignore"),
    unsafeFixes: config.get("unsafeFixes"),
  };
}

function activate(context) {
  const command = vscode.workspace.getConfiguration("contentlint").get("path") || "contentlint";
  const server = { command, args: ["server"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "contentlint",
    "contentlint",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "markdown" }],
      initializationOptions: settings(),
      synchronize: { configurationSection: "contentlint" },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
