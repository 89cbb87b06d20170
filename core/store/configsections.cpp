#include "store/configsections.h"

#include "protocol/apierror.h"
#include "record/trigger.h"
#include "util/modelname.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace sy::config {
namespace {

constexpr qsizetype kMaxUpstreamModelBytes = 1024; // a backend's name for a model (or its file path)

// Fields that frame the message or manage the connection: Switchyard writes them for each
// request; a configured copy would give the backend (or a proxy before it) two framings.
bool isFramingHeader(const QString &name)
{
    static const QStringList kNames = {QStringLiteral("host"), QStringLiteral("content-length"), QStringLiteral("transfer-encoding"),
                                       QStringLiteral("connection"), QStringLiteral("keep-alive"), QStringLiteral("upgrade"),
                                       QStringLiteral("te"), QStringLiteral("trailer"), QStringLiteral("expect"),
                                       QStringLiteral("proxy-connection"), QStringLiteral("proxy-authorization")};
    return kNames.contains(name, Qt::CaseInsensitive);
}

const QStringList kCapabilities = {QStringLiteral("tools"), QStringLiteral("vision"), QStringLiteral("json"),
                                   QStringLiteral("embeddings"), QStringLiteral("reasoning"), QStringLiteral("rerank")};

void readClientKey(ConfigReader &r, const QJsonObject &o, const QString &path, ClientKeyConfig &k)
{
    r.checkKeys(o, path, {"name", "keyEnv", "keyHash", "models", "rpm", "maxConcurrent", "key"});
    if (r.string(o, "name", path, k.name, true) && (!isPlainName(k.name) || k.name.size() > 64))
        r.error(ConfigReader::join(path, QStringLiteral("name")),
                QT_TRANSLATE_NOOP("ConfigMessages", "may hold only letters, digits and . _ : @ - (at most 64)"));
    r.string(o, "keyEnv", path, k.keyEnv);
    r.string(o, "keyHash", path, k.keyHash);
    if (k.keyEnv.isEmpty() == k.keyHash.isEmpty())
        r.error(path,
                QT_TRANSLATE_NOOP("ConfigMessages", "needs either keyEnv (the environment variable holding the key) or keyHash, not both"));
    static const QRegularExpression sha256(QStringLiteral("^sha256:[0-9a-f]{64}$"));
    if (!k.keyHash.isEmpty() && !sha256.match(k.keyHash).hasMatch())
        r.error(ConfigReader::join(path, QStringLiteral("keyHash")),
                QT_TRANSLATE_NOOP("ConfigMessages", "must be \"sha256:\" and 64 lowercase hex digits (switchyard key hash prints it)"));
    if (o.contains(QLatin1String("key")))
        r.error(ConfigReader::join(path, QStringLiteral("key")),
                QT_TRANSLATE_NOOP("ConfigMessages", "keys do not belong in the config file: use keyEnv or keyHash"));
    r.stringList(o, "models", path, k.models);
    r.integer(o, "rpm", path, k.rpm, 0, 100'000);
    r.integer(o, "maxConcurrent", path, k.maxConcurrent, 0, 1'000'000);
}

void readServer(ConfigReader &r, const QJsonObject &o, ServerConfig &s)
{
    const QString path = QStringLiteral("server");
    r.checkKeys(o, path, {"host", "port", "defaultBackend", "maxBodyMiB", "maxUpstreamConnections", "connectTimeoutS",
                          "idleTimeoutS", "shutdownGraceS", "allowedHosts", "allowedOrigins", "maxConnections",
                          "maxConnectionsPerClient", "bodyGraceS", "minBodyBytesPerS", "clientKeys"});
    r.string(o, "host", path, s.host);
    r.integer(o, "port", path, s.port, 0, 65535);
    r.string(o, "defaultBackend", path, s.defaultBackend);
    r.integer(o, "maxBodyMiB", path, s.maxBodyMiB, 1, 1024);
    r.integer(o, "maxUpstreamConnections", path, s.maxUpstreamConnections, 1, 4096);
    r.integer(o, "connectTimeoutS", path, s.connectTimeoutS, 1, 600);
    r.integer(o, "idleTimeoutS", path, s.idleTimeoutS, 1, 3600);
    r.integer(o, "shutdownGraceS", path, s.shutdownGraceS, 0, 600);
    r.stringList(o, "allowedHosts", path, s.allowedHosts);
    if (r.stringList(o, "allowedOrigins", path, s.allowedOrigins)) {
        for (qsizetype i = 0; i < s.allowedOrigins.size(); ++i) {
            const QString &origin = s.allowedOrigins[i];
            const QUrl url(origin);
            if (origin != QLatin1String("*") && (!url.isValid() || url.host().isEmpty() || !url.path().isEmpty() ||
                                                  (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))))
                r.error(ConfigReader::index(ConfigReader::join(path, QStringLiteral("allowedOrigins")), i),
                        QT_TRANSLATE_NOOP("ConfigMessages", "must be an origin like \"http://localhost:3000\" (scheme, host, optional port; no path) or \"*\""));
        }
    }
    r.integer(o, "maxConnections", path, s.maxConnections, 16, 1'000'000);
    r.integer(o, "maxConnectionsPerClient", path, s.maxConnectionsPerClient, 1, 1'000'000);
    r.integer(o, "bodyGraceS", path, s.bodyGraceS, 1, 3600);
    r.integer(o, "minBodyBytesPerS", path, s.minBodyBytesPerS, 1, 1'000'000'000);
    QSet<QString> names;
    for (const auto &[i, k] : r.objectArray(o, "clientKeys", path)) {
        ClientKeyConfig key;
        readClientKey(r, k, ConfigReader::index(ConfigReader::join(path, QStringLiteral("clientKeys")), i), key);
        if (names.contains(key.name))
            r.error(ConfigReader::index(ConfigReader::join(path, QStringLiteral("clientKeys")), i),
                    QT_TRANSLATE_NOOP("ConfigMessages", "another key is already named \"%1\""), {key.name});
        if (!key.name.isEmpty())
            names.insert(key.name);
        s.clientKeys.push_back(std::move(key));
    }
}

// "user:password@" in a URL's authority, read from the text (QUrl may not parse an invalid one).
bool hasUserInfo(const QString &url)
{
    const qsizetype start = url.indexOf(QLatin1String("://"));
    const QStringView authority = QStringView(url).mid(start < 0 ? 0 : start + 3);
    const qsizetype end = authority.indexOf(QLatin1Char('/'));
    return (end < 0 ? authority : authority.first(end)).contains(QLatin1Char('@'));
}

void readBackend(ConfigReader &r, const QJsonObject &o, const QString &path, BackendConfig &b)
{
    r.checkKeys(o, path, {"id", "protocol", "managed", "baseUrl", "apiKeyEnv", "prefix", "modelMapping", "headers", "passThrough"});
    if (r.string(o, "id", path, b.id, true) && !isPlainName(b.id))
        r.error(ConfigReader::join(path, QStringLiteral("id")),
                QT_TRANSLATE_NOOP("ConfigMessages", "may hold only letters, digits and . _ : @ -"));
    r.choice(o, "protocol", path, b.protocol,
             {{"openai", BackendProtocol::OpenAI}, {"anthropic", BackendProtocol::Anthropic},
              {"gemini", BackendProtocol::Gemini}, {"ollama", BackendProtocol::Ollama}, {"openai-responses", BackendProtocol::Responses}});
    r.boolean(o, "managed", path, b.managed);
    r.string(o, "baseUrl", path, b.baseUrl);
    r.string(o, "apiKeyEnv", path, b.apiKeyEnv);
    r.string(o, "prefix", path, b.prefix);
    r.stringMap(o, "modelMapping", path, b.modelMapping);
    r.stringMap(o, "headers", path, b.headers);
    if (o.contains(QLatin1String("passThrough"))) {
        bool passThrough = false;
        r.boolean(o, "passThrough", path, passThrough);
        b.passThrough = passThrough;
    }

    if (b.managed && !b.baseUrl.isEmpty())
        r.error(ConfigReader::join(path, QStringLiteral("baseUrl")),
                QT_TRANSLATE_NOOP("ConfigMessages", "a managed backend gets its address from each model's launch (remove baseUrl)"));
    if (!b.managed) {
        const QUrl url(b.baseUrl);
        const QString scheme = url.scheme();
        if (b.baseUrl.isEmpty())
            r.error(ConfigReader::join(path, QStringLiteral("baseUrl")),
                    QT_TRANSLATE_NOOP("ConfigMessages", "is required unless \"managed\": true"));
        else if (hasUserInfo(b.baseUrl)) // not quoted: it holds a password
            r.error(ConfigReader::join(path, QStringLiteral("baseUrl")),
                    QT_TRANSLATE_NOOP("ConfigMessages", "may not hold a user name or password: keys belong in the environment (apiKeyEnv)"));
        else if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
                 hasControlCharacters(b.baseUrl))
            r.error(ConfigReader::join(path, QStringLiteral("baseUrl")),
                    QT_TRANSLATE_NOOP("ConfigMessages", "must be an http:// or https:// URL (is \"%1\")"), {protocol::loggable(b.baseUrl, 200)});
    }
    if (!b.prefix.isEmpty() && !b.prefix.endsWith(QLatin1Char('/')))
        r.error(ConfigReader::join(path, QStringLiteral("prefix")),
                QT_TRANSLATE_NOOP("ConfigMessages", "must end with \"/\" (e.g. \"%1/\")"), {b.prefix});
    for (const auto &[name, value] : b.headers) {
        const QString headers = ConfigReader::join(path, QStringLiteral("headers"));
        const QString where = ConfigReader::join(headers, name);
        if (!isHeaderName(name)) // not quoted: it may hold a line break
            r.error(headers, QT_TRANSLATE_NOOP("ConfigMessages", "has a name that is not a header name (letters, digits and !#$%&'*+.^_`|~-)"));
        else if (hasControlCharacters(value))
            r.error(where, QT_TRANSLATE_NOOP("ConfigMessages", "a header value may not hold line breaks or other control characters"));
        else if (name.compare(QLatin1String("authorization"), Qt::CaseInsensitive) == 0 ||
                 name.compare(QLatin1String("x-api-key"), Qt::CaseInsensitive) == 0)
            r.error(where, QT_TRANSLATE_NOOP("ConfigMessages", "keys do not belong in the config file: use apiKeyEnv"));
        else if (isFramingHeader(name))
            r.error(where, QT_TRANSLATE_NOOP("ConfigMessages",
                                             "is set by Switchyard for each request (message framing and connection fields cannot be configured)"));
    }
}

void readNode(ConfigReader &r, const QJsonObject &o, const QString &path, NodeConfig &n)
{
    r.checkKeys(o, path, {"id", "url", "tokenEnv", "keyEnv"});
    if (r.string(o, "id", path, n.id, true) && (!isPlainName(n.id) || n.id.contains(QLatin1Char('/'))))
        r.error(ConfigReader::join(path, QStringLiteral("id")),
                QT_TRANSLATE_NOOP("ConfigMessages", "may hold only letters, digits and . _ : @ -"));
    if (r.string(o, "url", path, n.url, true)) {
        const QUrl url(n.url);
        if (hasUserInfo(n.url)) // not quoted: it holds a password
            r.error(ConfigReader::join(path, QStringLiteral("url")),
                    QT_TRANSLATE_NOOP("ConfigMessages", "may not hold a user name or password: the node's token belongs in the environment (tokenEnv)"));
        else if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
            (!url.path().isEmpty() && url.path() != QLatin1String("/")) || hasControlCharacters(n.url))
            r.error(ConfigReader::join(path, QStringLiteral("url")),
                    QT_TRANSLATE_NOOP("ConfigMessages", "must be the node's address like \"http://gpu1:6103\" (no path; is \"%1\")"),
                    {protocol::loggable(n.url, 200)});
    }
    r.string(o, "tokenEnv", path, n.tokenEnv, true);
    r.string(o, "keyEnv", path, n.keyEnv);
}

// A node's models are reached through a backend of its own: its endpoint, speaking OpenAI,
// named and prefixed by the node's id (so "gpu1/coder" is "coder" on node gpu1).
BackendConfig nodeBackend(const NodeConfig &n)
{
    BackendConfig b;
    b.id = n.id;
    b.protocol = BackendProtocol::OpenAI;
    QString url = n.url;
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    b.baseUrl = url + QStringLiteral("/v1");
    b.apiKeyEnv = n.keyEnv;
    b.prefix = n.id + QLatin1Char('/');
    b.node = n.id;
    return b;
}

void readLaunch(ConfigReader &r, const QJsonObject &o, const QString &path, LaunchConfig &l)
{
    r.checkKeys(o, path, {"command", "healthPath", "loadTimeoutS", "env", "workingDir"});
    if (r.stringList(o, "command", path, l.command, true) && !l.command.join(QLatin1Char(' ')).contains(QLatin1String("${PORT}")))
        r.error(ConfigReader::join(path, QStringLiteral("command")),
                QT_TRANSLATE_NOOP("ConfigMessages", "must contain ${PORT}: Switchyard chooses each model's port"));
    if (r.string(o, "healthPath", path, l.healthPath) && !l.healthPath.startsWith(QLatin1Char('/')))
        r.error(ConfigReader::join(path, QStringLiteral("healthPath")),
                QT_TRANSLATE_NOOP("ConfigMessages", "must start with \"/\""));
    else if (hasInvisibleCharacters(l.healthPath)) // it goes into a request line as it is
        r.error(ConfigReader::join(path, QStringLiteral("healthPath")),
                QT_TRANSLATE_NOOP("ConfigMessages", "must not contain spaces, control or formatting characters"));
    r.integer(o, "loadTimeoutS", path, l.loadTimeoutS, 1, 3600);
    r.stringMap(o, "env", path, l.env);
    for (const auto &[name, value] : l.env)
        if (name.isEmpty() || name.contains(QLatin1Char('=')) || hasControlCharacters(name) || value.contains(QChar(0)))
            r.error(ConfigReader::join(path, QStringLiteral("env")), // not quoted: it may hold a line break
                    QT_TRANSLATE_NOOP("ConfigMessages", "has a variable name that is empty or holds \"=\" or a control character, or a value with a NUL"));
    r.string(o, "workingDir", path, l.workingDir);
}

// A name clients ask for: one they can send (requests bound model names to 256 bytes), that
// shows as itself in lists and logs, and that is not one of the router's own names.
void checkModelName(ConfigReader &r, const QString &where, const QString &name)
{
    if (hasInvisibleCharacters(name) || !name.isValidUtf16()) // a lone surrogate cannot be sent or listed as itself
        r.error(where, QT_TRANSLATE_NOOP("ConfigMessages", "must not contain spaces, control or formatting characters"));
    else if (name.toUtf8().size() > kMaxModelNameBytes)
        r.error(where, QT_TRANSLATE_NOOP("ConfigMessages", "must be at most %1 bytes long"), {QString::number(kMaxModelNameBytes)});
    else if (name == QLatin1String("auto") || name == QLatin1String("switchyard/auto") || name.startsWith(QLatin1String("agent:")))
        r.error(where, QT_TRANSLATE_NOOP("ConfigMessages", "is a name the router keeps for itself (auto, agent:...)"));
}

// Names of inference parameters, not of what makes the request or shapes its answer (which
// stripping would break, or which the answer's checks still expect). `max_tokens` and
// `max_completion_tokens` are one parameter: naming one strips both.
void checkStripParams(ConfigReader &r, const QString &where, QStringList &names)
{
    constexpr qsizetype kMostStripped = 32;
    static const QStringList kRequestFields = {
        QStringLiteral("model"),         QStringLiteral("messages"),      QStringLiteral("prompt"),         QStringLiteral("input"),
        QStringLiteral("query"),         QStringLiteral("documents"),     QStringLiteral("stream"),         QStringLiteral("stream_options"),
        QStringLiteral("tools"),         QStringLiteral("tool_choice"),   QStringLiteral("functions"),      QStringLiteral("function_call"),
        QStringLiteral("response_format"), QStringLiteral("system"),      QStringLiteral("instructions"),   QStringLiteral("contents"),
        QStringLiteral("systemInstruction"), QStringLiteral("generationConfig"), QStringLiteral("generation_config")};
    if (names.size() > kMostStripped)
        r.error(where, QT_TRANSLATE_NOOP("ConfigMessages", "lists more than %1 names"), {QString::number(kMostStripped)});
    for (const QString &name : names) {
        if (!isPlainName(name) || name.size() > 64)
            r.error(where, QT_TRANSLATE_NOOP("ConfigMessages", "may hold only letters, digits and . _ : @ - (at most 64)"));
        else if (kRequestFields.contains(name))
            r.error(where, QT_TRANSLATE_NOOP("ConfigMessages", "\"%1\" is part of the request, not a parameter that can be stripped"), {name});
    }
    for (const auto &[one, other] : {std::pair{"max_tokens", "max_completion_tokens"}, std::pair{"max_completion_tokens", "max_tokens"}}) {
        if (names.contains(QLatin1String(one)) && !names.contains(QLatin1String(other)))
            names << QLatin1String(other);
    }
}

void readModel(ConfigReader &r, const QJsonObject &o, const QString &path, ModelConfig &m)
{
    r.checkKeys(o, path, {"id", "backend", "upstreamModel", "aliases", "launch", "ttlS", "capabilities", "contextTokens",
                          "params", "stripParams", "pinned", "group", "maxConcurrent", "restart", "memoryMiB", "preload", "balance",
                          "profile"});
    if (r.string(o, "id", path, m.id, true))
        checkModelName(r, ConfigReader::join(path, QStringLiteral("id")), m.id);
    r.string(o, "backend", path, m.backend, true);
    // The backend's name: it goes into bodies and (Gemini) paths, so it is held to what a
    // name can be there; spaces are allowed (a server may name a model by its file's path).
    if (r.string(o, "upstreamModel", path, m.upstreamModel)) {
        if (hasControlCharacters(m.upstreamModel) || !m.upstreamModel.isValidUtf16())
            r.error(ConfigReader::join(path, QStringLiteral("upstreamModel")), QT_TRANSLATE_NOOP("ConfigMessages", "must not contain control characters"));
        else if (m.upstreamModel.toUtf8().size() > kMaxUpstreamModelBytes)
            r.error(ConfigReader::join(path, QStringLiteral("upstreamModel")), QT_TRANSLATE_NOOP("ConfigMessages", "must be at most %1 bytes long"),
                    {QString::number(kMaxUpstreamModelBytes)});
    }
    if (m.upstreamModel.isEmpty())
        m.upstreamModel = m.id;
    if (r.stringList(o, "aliases", path, m.aliases)) {
        for (const QString &alias : std::as_const(m.aliases))
            checkModelName(r, ConfigReader::join(path, QStringLiteral("aliases")), alias);
    }
    if (o.contains(QLatin1String("launch"))) {
        QJsonObject launch;
        if (r.object(o, "launch", path, launch)) {
            m.launch.emplace();
            readLaunch(r, launch, ConfigReader::join(path, QStringLiteral("launch")), *m.launch);
        }
    }
    r.optionalInteger(o, "ttlS", path, m.ttlS, 0, 7 * 24 * 3600);
    m.capabilitiesDeclared = o.contains(QLatin1String("capabilities"));
    if (r.stringList(o, "capabilities", path, m.capabilities)) {
        for (const QString &c : std::as_const(m.capabilities)) {
            if (!kCapabilities.contains(c))
                r.error(ConfigReader::join(path, QStringLiteral("capabilities")),
                        QT_TRANSLATE_NOOP("ConfigMessages", "unknown capability \"%1\" (known: %2)"), {c, kCapabilities.join(QStringLiteral(", "))});
        }
    }
    r.integer(o, "contextTokens", path, m.contextTokens, 0, 100'000'000);
    r.object(o, "params", path, m.params);
    if (r.stringList(o, "stripParams", path, m.stripParams))
        checkStripParams(r, ConfigReader::join(path, QStringLiteral("stripParams")), m.stripParams);
    r.boolean(o, "pinned", path, m.pinned);
    r.string(o, "group", path, m.group);
    r.integer(o, "maxConcurrent", path, m.maxConcurrent, 0, 100000);
    r.choice(o, "restart", path, m.restart,
             {{"on-demand", RestartPolicy::OnDemand}, {"always", RestartPolicy::Always}, {"never", RestartPolicy::Never}});
    r.optionalInteger(o, "memoryMiB", path, m.memoryMiB, 0, 10'000'000);
    r.boolean(o, "preload", path, m.preload);
    r.string(o, "balance", path, m.balance);
    QJsonObject profile;
    if (r.object(o, "profile", path, profile)) {
        const QString ppath = ConfigReader::join(path, QStringLiteral("profile"));
        r.checkKeys(profile, ppath, {"priority", "weight", "scores"});
        r.integer(profile, "priority", ppath, m.profile.priority, 0, 100);
        if (profile.contains(QLatin1String("weight"))) {
            const QJsonValue w = profile.value(QLatin1String("weight"));
            if (!w.isDouble() || w.toDouble() < 0 || w.toDouble() > 100)
                r.error(ConfigReader::join(ppath, QStringLiteral("weight")),
                        QT_TRANSLATE_NOOP("ConfigMessages", "must be a number from 0 to 100"));
            else
                m.profile.weight = w.toDouble();
        }
        QJsonObject scores;
        if (r.object(profile, "scores", ppath, scores)) {
            static const QStringList kTasks = {QStringLiteral("code"), QStringLiteral("math"), QStringLiteral("factual"),
                                               QStringLiteral("creative"), QStringLiteral("conversational")};
            for (auto it = scores.begin(); it != scores.end(); ++it) {
                const QString here = ConfigReader::join(ConfigReader::join(ppath, QStringLiteral("scores")), it.key());
                if (!kTasks.contains(it.key()))
                    r.error(here,
                            QT_TRANSLATE_NOOP("ConfigMessages", "unknown task type (known: %1)"), {kTasks.join(QStringLiteral(", "))});
                else if (!it.value().isDouble() || it.value().toDouble() < 0 || it.value().toDouble() > 1)
                    r.error(here, QT_TRANSLATE_NOOP("ConfigMessages", "must be a number from 0 to 1"));
                else
                    m.profile.scores[it.key()] = it.value().toDouble();
            }
        }
    }
}

void readAgent(ConfigReader &r, const QJsonObject &o, const QString &path, AgentConfig &a)
{
    r.checkKeys(o, path, {"models", "params", "modelParams"});
    r.stringList(o, "models", path, a.models, true);
    r.object(o, "params", path, a.params);
    QJsonObject perModel;
    if (r.object(o, "modelParams", path, perModel)) {
        for (auto it = perModel.begin(); it != perModel.end(); ++it) {
            if (!it.value().isObject()) {
                r.error(ConfigReader::join(ConfigReader::join(path, QStringLiteral("modelParams")), it.key()),
                        QT_TRANSLATE_NOOP("ConfigMessages", "must be an object of inference parameters"));
                continue;
            }
            a.modelParams[it.key()] = it.value().toObject();
        }
    }
}

void readPools(ConfigReader &r, const QJsonObject &o, Config &c)
{
    for (auto role = o.begin(); role != o.end(); ++role) {
        const QString rolePath = ConfigReader::join(QStringLiteral("pools"), role.key());
        if (!role.value().isObject()) {
            r.error(rolePath, QT_TRANSLATE_NOOP("ConfigMessages", "must be an object of product type -> model list"));
            continue;
        }
        const QJsonObject products = role.value().toObject();
        auto &target = c.pools[role.key()];
        for (auto product = products.begin(); product != products.end(); ++product) {
            QStringList models;
            if (r.stringList(products, product.key().toUtf8().constData(), rolePath, models, true))
                target[product.key()] = models;
        }
        if (!products.contains(QLatin1String("default")) && !products.isEmpty())
            r.error(rolePath, QT_TRANSLATE_NOOP("ConfigMessages", "needs a \"default\" product type as the fallback list"));
    }
}

void readFallback(ConfigReader &r, const QJsonObject &o, FallbackConfig &f)
{
    const QString path = QStringLiteral("fallback");
    r.checkKeys(o, path, {"maxAttempts", "timeoutS", "totalTimeoutS", "failThreshold", "failWindowS", "cooldownS", "retryOn"});
    r.integer(o, "maxAttempts", path, f.maxAttempts, 1, 20);
    r.integer(o, "failWindowS", path, f.failWindowS, 1, 86400);
    r.integer(o, "timeoutS", path, f.timeoutS, 1, 3600);
    r.integer(o, "totalTimeoutS", path, f.totalTimeoutS, 0, 24 * 3600);
    r.integer(o, "failThreshold", path, f.failThreshold, 1, 1000);
    r.integer(o, "cooldownS", path, f.cooldownS, 0, 86400);
    QStringList retryOn;
    if (o.contains(QLatin1String("retryOn")) && r.stringList(o, "retryOn", path, retryOn)) {
        f.retryOn = 0;
        for (qsizetype i = 0; i < retryOn.size(); ++i) {
            if (const auto cls = record::retryClassFromName(retryOn[i].toUtf8()))
                f.retryOn |= unsigned(*cls);
            else
                r.error(ConfigReader::index(ConfigReader::join(path, QStringLiteral("retryOn")), i),
                        QT_TRANSLATE_NOOP("ConfigMessages", "unknown failure class \"%1\" (known: %2)"), {retryOn[i], QLatin1String(record::retryClassNames())});
        }
    }
}

void readPool(ConfigReader &r, const QJsonObject &o, PoolConfig &p)
{
    const QString path = QStringLiteral("pool");
    r.checkKeys(o, path, {"portRange", "defaultTtlS", "memoryBudgetMiB"});
    const QJsonValue range = o.value(QLatin1String("portRange"));
    if (!range.isUndefined()) {
        const QJsonArray a = range.toArray();
        if (!range.isArray() || a.size() != 2 || !a[0].isDouble() || !a[1].isDouble() || a[0].toInt() < 1024 ||
            a[1].toInt() > 65535 || a[0].toInt() > a[1].toInt())
            r.error(QStringLiteral("pool.portRange"),
                    QT_TRANSLATE_NOOP("ConfigMessages", "must be [first, last] with 1024 <= first <= last <= 65535"));
        else {
            p.portFrom = a[0].toInt();
            p.portTo = a[1].toInt();
        }
    }
    r.integer(o, "defaultTtlS", path, p.defaultTtlS, 0, 7 * 24 * 3600);
    r.integer(o, "memoryBudgetMiB", path, p.memoryBudgetMiB, 0, 100'000'000);
}

void readRouting(ConfigReader &r, const QJsonObject &o, RoutingConfig &c)
{
    const QString path = QStringLiteral("routing");
    r.checkKeys(o, path, {"preferWarm", "autoModels", "autoMinConfidence", "autoDefault", "autoClassifier", "autoClassifierTimeoutMs"});
    r.choice(o, "preferWarm", path, c.preferWarm, {{"ties", PreferWarm::Ties}, {"always", PreferWarm::Always}, {"never", PreferWarm::Never}});
    r.stringList(o, "autoModels", path, c.autoModels);
    const QJsonValue confidence = o.value(QLatin1String("autoMinConfidence"));
    if (!confidence.isUndefined()) {
        if (!confidence.isDouble() || confidence.toDouble() < 0 || confidence.toDouble() > 1)
            r.error(ConfigReader::join(path, QStringLiteral("autoMinConfidence")),
                    QT_TRANSLATE_NOOP("ConfigMessages", "must be a number from 0 to 1"));
        else
            c.autoMinConfidence = confidence.toDouble();
    }
    r.string(o, "autoDefault", path, c.autoDefault);
    r.string(o, "autoClassifier", path, c.autoClassifier);
    r.integer(o, "autoClassifierTimeoutMs", path, c.autoClassifierTimeoutMs, 50, 10'000); // within the default shutdown grace
}

void readHistory(ConfigReader &r, const QJsonObject &o, HistoryConfig &h)
{
    const QString path = QStringLiteral("history");
    r.checkKeys(o, path, {"enabled", "retentionDays", "maxRows", "responseRetentionDays", "maxResponses"});
    r.boolean(o, "enabled", path, h.enabled);
    r.integer(o, "retentionDays", path, h.retentionDays, 1, 3650);
    r.integer(o, "maxRows", path, h.maxRows, 1, 100'000'000);
    r.integer(o, "responseRetentionDays", path, h.responseRetentionDays, 1, 3650);
    r.integer(o, "maxResponses", path, h.maxResponses, 0, 10'000'000);
}

} // namespace

void readSections(ConfigReader &r, const QJsonObject &document, Config &c)
{
    r.checkKeys(document, {}, {"version", "server", "backends", "models", "agents", "pools", "modes", "fallback", "pool",
                               "routing", "validators", "history", "params", "nodes", "$schema", "comment"});
    r.integer(document, "version", {}, c.version, 1, 1);

    QJsonObject section;
    if (r.object(document, "server", {}, section))
        readServer(r, section, c.server);
    for (const auto &[i, o] : r.objectArray(document, "backends", {})) {
        BackendConfig b;
        readBackend(r, o, ConfigReader::index(QStringLiteral("backends"), i), b);
        c.backends.push_back(std::move(b));
    }
    for (const auto &[i, o] : r.objectArray(document, "nodes", {})) {
        NodeConfig n;
        readNode(r, o, ConfigReader::index(QStringLiteral("nodes"), i), n);
        if (!n.id.isEmpty() && !n.url.isEmpty())
            c.backends.push_back(nodeBackend(n)); // its id and prefix are checked like any backend's
        c.nodes.push_back(std::move(n));
    }
    for (const auto &[i, o] : r.objectArray(document, "models", {})) {
        ModelConfig m;
        readModel(r, o, ConfigReader::index(QStringLiteral("models"), i), m);
        c.models.push_back(std::move(m));
    }
    if (QJsonObject agents; r.object(document, "agents", {}, agents)) {
        for (auto it = agents.begin(); it != agents.end(); ++it) {
            const QString path = ConfigReader::join(QStringLiteral("agents"), it.key());
            if (!it.value().isObject()) {
                r.error(path, QT_TRANSLATE_NOOP("ConfigMessages", "must be an object with \"models\""));
                continue;
            }
            readAgent(r, it.value().toObject(), path, c.agents[it.key()]);
        }
    }
    if (QJsonObject pools; r.object(document, "pools", {}, pools))
        readPools(r, pools, c);
    if (QJsonObject modes; r.object(document, "modes", {}, modes)) {
        for (auto it = modes.begin(); it != modes.end(); ++it) {
            const QString path = ConfigReader::join(QStringLiteral("modes"), it.key());
            if (!it.value().isObject()) {
                r.error(path, QT_TRANSLATE_NOOP("ConfigMessages", "must be an object with \"models\""));
                continue;
            }
            r.checkKeys(it.value().toObject(), path, {"models"});
            r.stringList(it.value().toObject(), "models", path, c.modes[it.key()].models, true);
        }
    }
    if (r.object(document, "fallback", {}, section = {}))
        readFallback(r, section, c.fallback);
    if (r.object(document, "pool", {}, section = {}))
        readPool(r, section, c.pool);
    if (r.object(document, "routing", {}, section = {}))
        readRouting(r, section, c.routing);
    if (r.object(document, "history", {}, section = {}))
        readHistory(r, section, c.history);
    if (QJsonObject validators; r.object(document, "validators", {}, validators)) {
        for (auto it = validators.begin(); it != validators.end(); ++it) {
            const QString path = ConfigReader::join(QStringLiteral("validators"), it.key());
            if (!it.value().isObject()) {
                r.error(path, QT_TRANSLATE_NOOP("ConfigMessages", "must be an object with \"required\""));
                continue;
            }
            r.checkKeys(it.value().toObject(), path, {"required"});
            r.stringList(it.value().toObject(), "required", path, c.validators[it.key()].required, true);
        }
    }
    r.object(document, "params", {}, c.params);

}

} // namespace sy::config
