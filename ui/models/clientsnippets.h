#pragma once
// What to paste into a client to point it at Switchyard: a snippet per client (curl, the
// SDKs, the agent CLIs), filled with this Switchyard's base URL and a model name. When
// client keys are required the snippets read the key from $SWITCHYARD_KEY, so no key is
// ever written into one (or shown on screen). Pure text; the recipes of docs/clients.md.

#include <QString>
#include <QUrl>
#include <vector>

namespace sy::ui {

struct ClientSnippet {
    QString client;   // "curl (OpenAI chat)", "Claude Code", ...
    QString language; // "sh", "python", "toml + sh", ...: how to read the text
    QString text;
};

struct SnippetInputs {
    QUrl base;         // http://127.0.0.1:6103
    QString model;     // a name /v1/models lists: an id, auto, agent:Coder, ...
    bool keyRequired = false; // server.clientKeys is set
};

std::vector<ClientSnippet> clientSnippets(const SnippetInputs &in);

// The base URL each protocol's clients want (OpenAI's ends in /v1, the others do not).
struct ProtocolBase {
    QString protocol;
    QString url;
};
std::vector<ProtocolBase> protocolBases(const QUrl &base);

} // namespace sy::ui
