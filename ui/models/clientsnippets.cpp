#include "models/clientsnippets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace sy::ui {
namespace {

// A double-quoted string literal that JSON, Python, JavaScript and TOML all read the same.
QString quoted(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

// A shell word: bare when it is plainly safe, else in single quotes.
QString shellWord(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:@%+=,-]+$"));
    if (plain.match(text).hasMatch())
        return text;
    return QLatin1Char('\'') + QString(text).replace(QLatin1String("'"), QLatin1String("'\\''")) + QLatin1Char('\'');
}

QString origin(const QUrl &base)
{
    return base.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment).toString(QUrl::StripTrailingSlash);
}

} // namespace

std::vector<ProtocolBase> protocolBases(const QUrl &base)
{
    const QString o = origin(base);
    return {{QStringLiteral("OpenAI (chat, Responses, embeddings)"), o + QStringLiteral("/v1")},
            {QStringLiteral("Anthropic"), o},
            {QStringLiteral("Gemini"), o},
            {QStringLiteral("Ollama"), o}};
}

std::vector<ClientSnippet> clientSnippets(const SnippetInputs &in)
{
    const QString o = origin(in.base);
    const QString v1 = o + QStringLiteral("/v1");
    const QString model = in.model;
    const bool keyed = in.keyRequired;
    // The key as each language reads it: from the environment when one is required.
    const QString shKey = keyed ? QStringLiteral("\"$SWITCHYARD_KEY\"") : QStringLiteral("unused");
    const QString pyKey = keyed ? QStringLiteral("os.environ[\"SWITCHYARD_KEY\"]") : QStringLiteral("\"unused\"");
    const QString jsKey = keyed ? QStringLiteral("process.env.SWITCHYARD_KEY") : QStringLiteral("\"unused\"");
    const auto header = [keyed](const QString &prefix) {
        return keyed ? QStringLiteral("\"%1$SWITCHYARD_KEY\"").arg(prefix) : shellWord(prefix + QStringLiteral("unused"));
    };
    const QString shNote = keyed ? QStringLiteral("# export SWITCHYARD_KEY=... (this client's key from server.clientKeys)\n") : QString();
    const QString pyHead = keyed ? QStringLiteral("import os\n") : QString();
    const QString openAiBody = QStringLiteral(R"({"model": %1, "messages": [{"role": "user", "content": "Hello"}]})").arg(quoted(model));
    const QString anthropicBody =
        QStringLiteral(R"({"model": %1, "max_tokens": 256, "messages": [{"role": "user", "content": "Hello"}]})").arg(quoted(model));
    const QString ollamaBody =
        QStringLiteral(R"({"model": %1, "stream": false, "messages": [{"role": "user", "content": "Hello"}]})").arg(quoted(model));

    std::vector<ClientSnippet> out;
    out.push_back({QStringLiteral("curl (OpenAI chat)"), QStringLiteral("sh"),
                   shNote + QStringLiteral("curl -sS %1 \\\n"
                                           "  -H 'Content-Type: application/json' \\\n"
                                           "  -H %2 \\\n"
                                           "  -d %3\n")
                                .arg(shellWord(v1 + QStringLiteral("/chat/completions")), header(QStringLiteral("Authorization: Bearer ")), shellWord(openAiBody))});
    out.push_back({QStringLiteral("curl (Anthropic messages)"), QStringLiteral("sh"),
                   shNote + QStringLiteral("curl -sS %1 \\\n"
                                           "  -H 'Content-Type: application/json' \\\n"
                                           "  -H 'anthropic-version: 2023-06-01' \\\n"
                                           "  -H %2 \\\n"
                                           "  -d %3\n")
                                .arg(shellWord(o + QStringLiteral("/v1/messages")), header(QStringLiteral("x-api-key: ")), shellWord(anthropicBody))});
    out.push_back({QStringLiteral("Python: openai"), QStringLiteral("python"),
                   pyHead + QStringLiteral("from openai import OpenAI\n\n"
                                           "client = OpenAI(base_url=%1, api_key=%2)\n"
                                           "reply = client.chat.completions.create(\n"
                                           "    model=%3, messages=[{\"role\": \"user\", \"content\": \"Hello\"}])\n"
                                           "print(reply.choices[0].message.content)\n")
                                .arg(quoted(v1), pyKey, quoted(model))});
    out.push_back({QStringLiteral("Python: anthropic"), QStringLiteral("python"),
                   pyHead + QStringLiteral("import anthropic\n\n"
                                           "client = anthropic.Anthropic(base_url=%1, api_key=%2)\n"
                                           "reply = client.messages.create(\n"
                                           "    model=%3, max_tokens=1024, messages=[{\"role\": \"user\", \"content\": \"Hello\"}])\n"
                                           "print(reply.content[0].text)\n")
                                .arg(quoted(o), pyKey, quoted(model))});
    out.push_back({QStringLiteral("JavaScript: openai"), QStringLiteral("js"),
                   QStringLiteral("import OpenAI from \"openai\";\n\n"
                                  "const client = new OpenAI({ baseURL: %1, apiKey: %2 });\n"
                                  "const reply = await client.chat.completions.create({\n"
                                  "  model: %3, messages: [{ role: \"user\", content: \"Hello\" }] });\n"
                                  "console.log(reply.choices[0].message.content);\n")
                       .arg(quoted(v1), jsKey, quoted(model))});
    // Codex reads the key from the variable `env_key` names.
    out.push_back({QStringLiteral("Codex"), QStringLiteral("toml + sh"),
                   QStringLiteral("# ~/.codex/config.toml\n"
                                  "model = %1\n"
                                  "model_provider = \"switchyard\"\n"
                                  "web_search = \"disabled\"\n\n"
                                  "[model_providers.switchyard]\n"
                                  "name = \"Switchyard\"\n"
                                  "base_url = %2\n"
                                  "env_key = \"SWITCHYARD_KEY\"\n"
                                  "wire_api = \"responses\"\n\n"
                                  "# then, in the shell:\n%3"
                                  "codex\n")
                       .arg(quoted(model), quoted(v1), keyed ? shNote : QStringLiteral("export SWITCHYARD_KEY=unused\n"))});
    out.push_back({QStringLiteral("Claude Code"), QStringLiteral("sh"),
                   shNote + QStringLiteral("export ANTHROPIC_BASE_URL=%1\n"
                                           "export ANTHROPIC_API_KEY=%2\n"
                                           "claude --model %3\n")
                                .arg(shellWord(o), shKey, shellWord(model))});
    out.push_back({QStringLiteral("Gemini CLI"), QStringLiteral("sh"),
                   shNote + QStringLiteral("export GOOGLE_GEMINI_BASE_URL=%1\n"
                                           "export GEMINI_API_KEY=%2\n"
                                           "# ~/.gemini/settings.json: {\"security\": {\"auth\": {\"selectedType\": \"gemini-api-key\"}}}\n"
                                           "gemini -m %3\n")
                                .arg(shellWord(o), shKey, shellWord(model))});
    out.push_back({QStringLiteral("qwen-code"), QStringLiteral("sh"),
                   shNote + QStringLiteral("qwen --auth-type openai-responses --openai-base-url %1 \\\n"
                                           "     --openai-api-key %2 -m %3\n")
                                .arg(shellWord(v1), shKey, shellWord(model))});
    out.push_back({QStringLiteral("Aider"), QStringLiteral("sh"),
                   shNote + QStringLiteral("export OPENAI_API_BASE=%1\n"
                                           "export OPENAI_API_KEY=%2\n"
                                           "aider --model %3\n")
                                .arg(shellWord(v1), shKey, shellWord(QStringLiteral("openai/") + model))});
    out.push_back({QStringLiteral("Ollama clients (Open WebUI, ...)"), QStringLiteral("sh"),
                   QStringLiteral("# Give the client this Ollama URL (Open WebUI: Settings > Connections > Ollama API):\n"
                                  "export OLLAMA_HOST=%1\n%2"
                                  "curl -sS %5 -H 'Content-Type: application/json'%3 -d %4\n")
                       .arg(shellWord(o), shNote, keyed ? QStringLiteral(" -H \"Authorization: Bearer $SWITCHYARD_KEY\"") : QString(), shellWord(ollamaBody), shellWord(o + QStringLiteral("/api/chat")))});
    return out;
}

} // namespace sy::ui
