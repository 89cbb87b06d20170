#pragma once
// The protocol-neutral form of a chat request, its response and its stream events. Every
// protocol has one inbound adapter (its requests in, canonical responses out) and one
// outbound adapter (canonical requests out to a backend, its responses in), so any client
// protocol reaches any backend protocol through 2N adapters. OpenAI-to-OpenAI traffic
// skips this and is spliced byte for byte (see routing/proxycall.cpp).

#include "protocol/apierror.h"

#include <QHash>
#include <QJsonObject>
#include <deque>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace sy::protocol {

enum class Role { User, Assistant, Tool };

struct ToolCall {
    QString id;
    QString name;
    QString arguments; // a JSON object, as text
};

struct Part {
    enum class Kind { Text, Image, ToolCall, ToolResult, Reasoning };
    Kind kind = Kind::Text;
    QString text;           // Text; ToolResult: the result as text
    QString mimeType;       // Image
    QByteArray data;        // Image: base64 (empty when only a URL is known)
    QString url;            // Image: http(s) URL, when not inline
    ToolCall call;          // ToolCall
    QString toolCallId;     // ToolResult: the call it answers
    QString toolName;       // ToolResult: that call's function (Gemini and Ollama need it)
    bool isError = false;   // ToolResult
    QString itemId;         // Reasoning: the item's id in the protocol it came from
    QString opaque;         // Reasoning: encrypted content, passed back to where it came from (text: its summary)

    static Part textPart(QString text);
    // A tool result as text for protocols without an error flag: a failed one says so.
    QString resultText() const { return isError ? QStringLiteral("Error: ") + text : text; }
};

struct Message {
    Role role = Role::User;
    std::vector<Part> parts;
};

struct ToolSpec {
    // Function: arguments per `parameters`. Custom: free text, carried as one string argument
    // "input" (the Responses API's freeform tools, like Codex's apply_patch).
    enum class Kind { Function, Custom };
    QString name;
    QString description;
    QJsonObject parameters; // JSON Schema
    Kind kind = Kind::Function;
    QString group; // the Responses API namespace it came in, whose name prefixes `name` ("ns__fn")
    // Arguments must match `parameters` exactly (OpenAI's structured tool calls). Read with
    // each protocol's default: false in Chat Completions, true in the Responses API.
    bool strict = false;

    static ToolSpec function(QString name, QString description, QJsonObject parameters)
    {
        ToolSpec t;
        t.name = std::move(name);
        t.description = std::move(description);
        t.parameters = std::move(parameters);
        return t;
    }
};

enum class ToolChoice { Auto, None, Required, Named };

// Generation parameters every protocol has in some form. Anything else a client sent that
// has no common meaning stays in Request::extra, in the client protocol's own words.
struct Params {
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> topK;
    std::optional<int> maxTokens;
    std::optional<qint64> seed;
    std::optional<double> presencePenalty;
    std::optional<double> frequencyPenalty;
    QStringList stop;
};

struct Request {
    Protocol source = Protocol::OpenAI; // whose words `extra` is in
    QString model;
    QString system;
    std::vector<Message> messages;
    std::vector<ToolSpec> tools;
    ToolChoice toolChoice = ToolChoice::Auto;
    QString toolChoiceName; // ToolChoice::Named
    Params params;
    bool stream = false;
    bool streamUsage = false; // an OpenAI client's stream_options.include_usage: a usage chunk at the end
    QString responseFormat;  // "", "json_object" or "json_schema"
    QJsonObject responseSchema;
    QJsonObject extra;       // other top-level fields of the client's request
    QJsonObject backendParams; // configured params with no common meaning (OpenAI body, Ollama options)
    QJsonValue keepAlive;    // Ollama's keep_alive, when the client sent one
    // The client's body as sent (shared, not copied): what a backend of the client's own
    // protocol is given (protocol/nativebody.h), with every field this form has no place for.
    QJsonObject original;

    bool hasImages() const;
    qint64 textBytes() const;  // for a token estimate
    // A rough token count (text at ~4 bytes a token, images as vision models charge them).
    qint64 estimatedTokens() const;
    // The latest user turn with text as task detection reads it (protocol/prompttext.h): the
    // same bytes whichever protocol the prompt came in.
    QByteArray promptText() const;
    // Whether the client set this parameter (by its OpenAI name: "temperature", "max_tokens", ...).
    bool setsParam(QByteArrayView openAiName) const;
    // Sets a parameter (by its OpenAI name) from a configured default.
    void applyParam(QByteArrayView openAiName, const QJsonValue &value);
    // Forgets a parameter the client set (models[].stripParams): a common one by its OpenAI
    // name, any other as the client's protocol names it at the top level. The client's own
    // body (`original`) keeps it: nativeBody() leaves it out.
    void dropParam(QByteArrayView openAiName);
};

enum class StopReason { Stop, Length, ToolCalls, ContentFilter, Other };

struct Usage {
    qint64 input = -1; // -1: unknown
    qint64 output = -1;
};

struct Response {
    QString id;
    QString model;
    QString text;
    std::vector<ToolCall> toolCalls;
    StopReason stop = StopReason::Stop;
    Usage usage;
};

// One step of a streamed response, in order: Start, then text and tool-call pieces, then
// Finish. A tool call's ToolCallStart comes before its ToolCallArgs pieces.
struct StreamEvent {
    enum class Type { Start, Text, ToolCallStart, ToolCallArgs, Finish };
    Type type = Type::Text;
    QString text;     // Text; ToolCallArgs: a piece of the arguments JSON
    int index = 0;    // ToolCallStart / ToolCallArgs: which tool call (0, 1, ...)
    QString id;       // Start: response id; ToolCallStart: call id
    QString name;     // Start: model; ToolCallStart: function name
    StopReason stop = StopReason::Stop; // Finish
    Usage usage;      // Finish (and Start, for the input side when known early)
};

using Events = std::vector<StreamEvent>;

// Protocols without tool-call ids (Gemini, Ollama) pair a result with its call by the
// function's name: calls get made-up ids, and each result takes the oldest unanswered
// call of its name (of any name, when the result names none).
// Each step is amortised constant time, so a conversation with thousands of calls pairs in
// linear time. It also answers which function a call id belongs to.
class CallIdMatcher {
public:
    // A call; returns its id (`id` if it had one).
    Part call(QString id, QString name, QString arguments);
    // A result; returns the id of the call it answers (`id` if it had one).
    QString resultId(const QString &id, const QString &name);
    // The function of a call seen so far, by id (empty if none).
    QString nameOf(const QString &callId) const { return m_names.value(callId); }

private:
    QHash<QString, QString> m_open;                 // open call id -> name
    QHash<QString, QString> m_names;                // every call id -> name
    std::deque<QString> m_order;                    // open call ids, oldest first (answered ones skipped lazily)
    QHash<QString, std::deque<QString>> m_byName;   // name -> open call ids, oldest first (likewise)
};

// A fresh id in a protocol's style: "chatcmpl-...", "msg_...", "call_...", "toolu_...".
QString newId(const char *prefix);

// JSON text of an object, compact; "{}" for an empty one.
QString compactJson(const QJsonObject &object);
// Parses a tool call's arguments; an empty object when they are not a JSON object.
QJsonObject argumentsObject(const QString &arguments);

} // namespace sy::protocol
