#pragma once
// Measures memory off the core thread: RSS of each model server's process group from
// /proc, GPU memory per process from nvidia-smi when it is installed, and system RAM.
// Samples every two seconds while asked to; results come back to the owner's thread.

#include <QObject>
#include <QTimer>
#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace sy::pool {

struct ResourceSample {
    std::map<qint64, qint64> rssByGroup; // process group (= model server pid) -> bytes
    std::map<qint64, qint64> gpuByGroup; // only with nvidia-smi
    qint64 memTotalBytes = 0;
    qint64 memAvailableBytes = 0;
    std::optional<qint64> gpuTotalBytes;
    std::optional<qint64> gpuUsedBytes;
};

class ResourceSampler : public QObject {
    Q_OBJECT
public:
    using Groups = std::function<std::vector<qint64>()>;
    ResourceSampler(Groups groups, QObject *parent = nullptr);
    ~ResourceSampler() override;

    void setActive(bool active);
    void sampleNow();

    // Blocking; public for tests.
    static ResourceSample collect(const std::vector<qint64> &groups, bool withGpu);

Q_SIGNALS:
    void sampled(const sy::pool::ResourceSample &sample);

private:
    Groups m_groups;
    QTimer m_timer;
    std::atomic<bool> m_busy{false};
    bool m_hasGpu = false;
};

} // namespace sy::pool
