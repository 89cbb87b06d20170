#pragma once
// The configuration document (contract in docs/config.md): parsed into value types and
// validated as a whole; every problem is reported with the key path that holds it.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace sy::config {

enum class BackendProtocol { OpenAI, Anthropic, Gemini, Ollama, Responses };
const char *protocolName(BackendProtocol protocol);

// What a managed model's process gets after it failed: started again on the next request
// (OnDemand), at once with back-off (Always), or left failed (Never).
enum class RestartPolicy { OnDemand, Always, Never };
const char *restartPolicyName(RestartPolicy policy);

// Whether loaded models go ahead of cold ones: among equals (Ties), always, or never.
enum class PreferWarm { Ties, Always, Never };

// A key a client presents on the inference endpoint. The key itself is never in the file:
// it is read from the environment variable `keyEnv`, or only its hash is kept (`keyHash`).
struct ClientKeyConfig {
    QString name;          // shown in history, metrics and the requests view
    QString keyEnv;
    QString keyHash;       // "sha256:" + 64 hex digits of the key
    QStringList models;    // models and policies it may ask for ("openrouter/*": by prefix); empty: all
    int rpm = 0;           // requests per minute; 0: no limit
    int maxConcurrent = 0; // requests in flight; 0: no limit
};

struct ServerConfig {
    QString host = QStringLiteral("127.0.0.1");
    int port = 6103;
    QString defaultBackend;       // last resort for unknown model names; empty = none
    int maxBodyMiB = 32;
    int maxUpstreamConnections = 64; // per upstream origin
    int connectTimeoutS = 10;
    int idleTimeoutS = 120;       // upstream silence mid-response
    int shutdownGraceS = 10;
    QStringList allowedHosts;     // Host header values accepted besides loopback names
    QStringList allowedOrigins;   // browser Origins that may call the API (CORS); none by default
    int maxConnections = 4096;    // open client connections; beyond, new ones get 503
    int maxConnectionsPerClient = 2048;
    int bodyGraceS = 30;          // a request body may take this long before...
    int minBodyBytesPerS = 4096;  // ...it must average at least this rate
    std::vector<ClientKeyConfig> clientKeys; // any configured: every inference request needs one
};

struct BackendConfig {
    QString id;
    BackendProtocol protocol = BackendProtocol::OpenAI;
    bool managed = false; // its models are child processes started by Switchyard
    QString baseUrl;      // e.g. https://openrouter.ai/api/v1 (not for managed backends)
    QString apiKeyEnv;    // name of the environment variable holding the key
    QString prefix;       // "openrouter/": names starting with it go here, prefix removed
    std::map<QString, QString> modelMapping; // requested name -> upstream model name
    std::map<QString, QString> headers;      // extra request headers (no secrets here)
    QString node; // the node (nodes[]) this backend stands for; set only on those made from nodes
    // A client of this backend's own protocol (Anthropic, Gemini) gets its request and the
    // answer passed through rather than converted. Unset: only for the vendors' own APIs
    // (api.anthropic.com, *.googleapis.com); compatible servers often take only the subset
    // a conversion sends.
    std::optional<bool> passThrough;
};

// Another Switchyard whose models join this one's pool as "<id>/<model>" (its own endpoint
// serves them; it loads and queues them itself).
struct NodeConfig {
    QString id;
    QString url;      // http://HOST:PORT of its endpoint
    QString tokenEnv; // environment variable with its admin token (feed, load/unload/pin)
    QString keyEnv;   // environment variable with a client key it asks for, if any
};

struct LaunchConfig {
    QStringList command; // ${PORT}, ${MODEL}, ${HOST} are substituted
    QString healthPath = QStringLiteral("/health");
    int loadTimeoutS = 60;
    std::map<QString, QString> env;
    QString workingDir;
};

// How a model fares at each kind of task, for "auto" routing.
struct ModelProfile {
    int priority = 50;       // 0-100, breaks near ties
    double weight = 1.0;     // multiplies the score
    std::map<QString, double> scores; // task type (code, math, factual, creative, conversational) -> 0..1
};

struct ModelConfig {
    QString id;
    QString backend;
    QString upstreamModel; // defaults to id
    QStringList aliases;
    std::optional<LaunchConfig> launch;
    std::optional<int> ttlS; // default pool.defaultTtlS; 0 = never unload
    QStringList capabilities;
    bool capabilitiesDeclared = false; // without the key a model is assumed able (unknown)
    int contextTokens = 0;   // 0 = unknown
    QJsonObject params;      // inference defaults, merged under the request's own
    QStringList stripParams; // parameters (OpenAI's names) taken out of a client's request to it: `params` then apply
    bool pinned = false;
    QString group;           // exclusive group: loading one unloads the others
    int maxConcurrent = 0;   // 0 = unlimited
    RestartPolicy restart = RestartPolicy::OnDemand; // "on-demand" | "always" | "never"
    std::optional<int> memoryMiB; // expected footprint, for the memory budget before the first load
    bool preload = false;         // load at start-up
    QString balance;              // models sharing a balance name serve it together, least busy first
    ModelProfile profile;
};

struct AgentConfig {
    QStringList models; // primary first, then fallbacks
    QJsonObject params;
    std::map<QString, QJsonObject> modelParams; // per-model overrides for this agent
};

struct ModeConfig {
    QStringList models;
};

struct FallbackConfig {
    int maxAttempts = 3;
    int timeoutS = 120; // first byte of an attempt
    int totalTimeoutS = 0; // a whole attempt, response included; 0 = no limit
    int failThreshold = 3;
    int failWindowS = 60; // failures count toward a cooldown for this long
    int cooldownS = 60;
    unsigned retryOn = 0xff; // record::TriggerClass bits: which failures fall back (all by default)
};

struct RoutingConfig {
    PreferWarm preferWarm = PreferWarm::Ties; // "ties" | "always" | "never"
    QStringList autoModels;                      // candidates for "auto" (empty: every model)
    double autoMinConfidence = 0.5;              // below it "auto" does not go by the detected task
    QString autoDefault;                         // the model "auto" puts first then (empty: none)
    QString autoClassifier;                      // a model asked to label what the classifier is unsure of (empty: none)
    int autoClassifierTimeoutMs = 1000;          // how long a request waits for its answer
};

// Checks a non-streamed response before it is accepted (a failure falls back).
struct ValidatorConfig {
    QStringList required; // fields the JSON content must have
};

struct HistoryConfig {
    bool enabled = true;
    int retentionDays = 30;
    int maxRows = 100000;
    // Responses API answers kept for follow-ups (previous_response_id, GET /v1/responses/{id}).
    int responseRetentionDays = 7;
    int maxResponses = 5000;
};

struct PoolConfig {
    int portFrom = 8051;
    int portTo = 8099;
    int defaultTtlS = 300;
    int memoryBudgetMiB = 0; // 0 = no budget
};

struct Config {
    int version = 1;
    ServerConfig server;
    std::vector<BackendConfig> backends; // with one (OpenAI-compatible, prefix "<id>/") per node
    std::vector<ModelConfig> models;
    std::vector<NodeConfig> nodes;
    std::map<QString, AgentConfig> agents;
    std::map<QString, std::map<QString, QStringList>> pools; // role -> product type -> models
    std::map<QString, ModeConfig> modes;
    FallbackConfig fallback;
    PoolConfig pool;
    RoutingConfig routing;
    std::map<QString, ValidatorConfig> validators; // per role
    HistoryConfig history;
    QJsonObject params; // global inference defaults

    const BackendConfig *backend(const QString &id) const;
    const ModelConfig *model(const QString &id) const;
};

// One problem in a config. API clients, logs and the command line read `message`; the window
// translates `form` (the English message with %1… for `args`, context "ConfigMessages") and
// fills in `args`, so its editors speak the window's language.
struct Issue {
    QString path;    // "models[2].launch.command"
    QString message; // "must be between 1 and 3600 (is 0)"
    QString form;    // "must be between %1 and %2 (is %3)"
    QStringList args;

    static Issue of(QString path, const char *form, QStringList args = {});
    QString text() const { return path.isEmpty() ? message : path + QStringLiteral(": ") + message; }
    QJsonObject toJson() const;
};

// Issues as the API and `switchyard config check --json` write them: an array of toJson().
QJsonArray issuesJson(const std::vector<Issue> &issues);

struct ParseResult {
    std::optional<Config> config;
    std::vector<Issue> errors;
    bool ok() const { return config.has_value(); }
    QString errorText() const; // one issue a line
};

// Names policies may list although no model in the document has them: models the running
// Switchyard adds itself (the demo pool), for the config being checked.
using ImplicitModels = std::function<QStringList(const Config &config)>;

ParseResult parse(const QJsonObject &document, const ImplicitModels &implicit = {});
ParseResult parseText(const QByteArray &json, const ImplicitModels &implicit = {});
// A key the document's text gives twice in one object (QJsonDocument would keep the last
// silently: a second "server" after the first), as an issue; nullopt when there is none.
std::optional<Issue> duplicateKeyIssue(const QByteArray &json);

// A client key as server.clientKeys[].keyHash holds it: "sha256:" and the key's SHA-256 in hex.
QByteArray clientKeyHash(QByteArrayView key);

// The configuration written when none exists (documented in docs/config.md).
QByteArray defaultConfigText();

} // namespace sy::config
