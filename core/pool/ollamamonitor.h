#pragma once
// Follows one Ollama server: its models (/api/tags), which are loaded (/api/ps: memory,
// VRAM, expiry), and loads/unloads them with keep_alive, so Ollama models show up in the
// pool beside the managed ones. Polls /api/ps every 2 s while someone watches, every 15 s
// otherwise; the model list every 30 s.

#include "http/origin.h"
#include "pool/launchdriver.h"

#include <QObject>
#include <QTimer>
#include <vector>

namespace sy::http {
class UpstreamPool;
}

namespace sy::pool {

struct OllamaModel {
    QString name;
    qint64 diskBytes = 0;
    bool loaded = false;
    qint64 memoryBytes = 0; // while loaded
    qint64 vramBytes = 0;
    qint64 expiresAtMs = 0; // 0: not loaded; -1: never (keep_alive -1)
    QString family;
    QString parameterSize;
    QString quantization;
    QString pending;        // "loading" / "unloading" while we asked for it
    QString lastError;
};

class OllamaMonitor : public QObject, public LaunchDriver {
    Q_OBJECT
public:
    OllamaMonitor(http::UpstreamPool &upstreams, QString backendId, http::Origin origin, QByteArray basePath,
                  QString prefix, QObject *parent = nullptr);

    const QString &backendId() const { return m_backendId; }
    // The name clients use: the backend's prefix + the Ollama name.
    QString idFor(const QString &name) const { return m_prefix + name; }
    // The Ollama name for a client-facing id, or empty if it is not one of ours.
    QString nameFor(const QString &id) const;

    const std::vector<OllamaModel> &models() const { return m_models; }
    const OllamaModel *model(const QString &name) const;
    bool reachable() const { return m_reachable; }
    const QString &error() const { return m_error; }

    void setWatched(bool watched);
    void refresh(bool withTags);
    // The launch driver: load and pin are keep_alive (a TTL of 0 and a pin: -1, kept loaded
    // until told otherwise), unload is keep_alive 0; state from /api/ps.
    DriverStatus status(const QString &name) const override;
    void load(const QString &name, int ttlS, Done done) override;
    void unload(const QString &name, Done done) override;
    void setPinned(const QString &name, bool pinned, int ttlS, Done done) override;

Q_SIGNALS:
    void modelChanged(const QString &id);
    void listChanged();

private:
    void applyTags(const QByteArray &json);
    void applyPs(const QByteArray &json);
    void setReachable(bool reachable, const QString &error);
    // Asks Ollama to keep the model loaded this long (0: unload it), noting the action as pending.
    void applyKeepAlive(const QString &name, const QJsonValue &keepAlive, const QString &pending);
    void sendKeepAlive(const QString &name, const QJsonValue &keepAlive, const QString &pending, bool embeddingModel);
    OllamaModel *find(const QString &name);

    http::UpstreamPool &m_upstreams;
    QString m_backendId;
    http::Origin m_origin;
    QByteArray m_basePath;
    QString m_prefix;
    std::vector<OllamaModel> m_models;
    QTimer m_timer;
    qint64 m_lastTagsMs = 0;
    bool m_reachable = false;
    bool m_everReached = false;
    QString m_error;
};

} // namespace sy::pool
