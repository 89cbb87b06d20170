#include "pool/resourcesampler.h"

#include <QDir>
#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QStandardPaths>
#include <QThreadPool>

#include <unistd.h>

namespace sy::pool {
namespace {

constexpr int kIntervalMs = 2000;

QByteArray readSmall(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.read(64 * 1024) : QByteArray();
}

// pgrp and rss (pages) from /proc/<pid>/stat; the name may hold spaces and parentheses.
bool parseStat(const QByteArray &stat, qint64 *pgrp, qint64 *rssPages)
{
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return false;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // fields[0] is "state" (field 3): pgrp is field 5, rss field 24.
    if (fields.size() < 22)
        return false;
    *pgrp = fields[2].toLongLong();
    *rssPages = fields[21].toLongLong();
    return true;
}

QByteArray runNvidiaSmi(const QStringList &args)
{
    QProcess process;
    process.start(QStringLiteral("nvidia-smi"), args);
    if (!process.waitForFinished(3000) || process.exitCode() != 0)
        return {};
    return process.readAllStandardOutput();
}

} // namespace

ResourceSampler::ResourceSampler(Groups groups, QObject *parent) : QObject(parent), m_groups(std::move(groups))
{
    m_hasGpu = !QStandardPaths::findExecutable(QStringLiteral("nvidia-smi")).isEmpty();
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ResourceSampler::sampleNow);
}

ResourceSampler::~ResourceSampler()
{
    m_timer.stop();
}

void ResourceSampler::setActive(bool active)
{
    if (active == m_timer.isActive())
        return;
    if (active) {
        m_timer.start();
        sampleNow();
    } else {
        m_timer.stop();
    }
}

void ResourceSampler::sampleNow()
{
    if (m_busy.exchange(true))
        return; // the previous sample is still being taken
    const std::vector<qint64> groups = m_groups();
    QPointer<ResourceSampler> self(this);
    const bool withGpu = m_hasGpu;
    QThreadPool::globalInstance()->start([self, groups, withGpu] {
        const ResourceSample sample = collect(groups, withGpu);
        QMetaObject::invokeMethod(
            self.data(),
            [self, sample] {
                if (!self)
                    return;
                self->m_busy = false;
                Q_EMIT self->sampled(sample);
            },
            Qt::QueuedConnection);
    });
}

ResourceSample ResourceSampler::collect(const std::vector<qint64> &groups, bool withGpu)
{
    ResourceSample sample;
    const qint64 page = ::sysconf(_SC_PAGESIZE);
    if (!groups.empty()) {
        const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &pid : pids) {
            if (!pid.front().isDigit())
                continue;
            qint64 pgrp = 0, rss = 0;
            if (!parseStat(readSmall(QStringLiteral("/proc/%1/stat").arg(pid)), &pgrp, &rss))
                continue;
            if (std::find(groups.begin(), groups.end(), pgrp) != groups.end())
                sample.rssByGroup[pgrp] += rss * page;
        }
    }
    for (const QByteArray &line : readSmall(QStringLiteral("/proc/meminfo")).split('\n')) {
        const QList<QByteArray> parts = line.simplified().split(' ');
        if (parts.size() < 2)
            continue;
        if (parts[0] == "MemTotal:")
            sample.memTotalBytes = parts[1].toLongLong() * 1024;
        else if (parts[0] == "MemAvailable:")
            sample.memAvailableBytes = parts[1].toLongLong() * 1024;
    }
    if (withGpu) {
        const QByteArray totals = runNvidiaSmi({QStringLiteral("--query-gpu=memory.total,memory.used"),
                                                QStringLiteral("--format=csv,noheader,nounits")});
        qint64 total = 0, used = 0;
        for (const QByteArray &line : totals.split('\n')) {
            const QList<QByteArray> parts = line.split(',');
            if (parts.size() == 2) {
                total += parts[0].trimmed().toLongLong() * 1024 * 1024;
                used += parts[1].trimmed().toLongLong() * 1024 * 1024;
            }
        }
        if (total > 0) {
            sample.gpuTotalBytes = total;
            sample.gpuUsedBytes = used;
        }
        const QByteArray apps = runNvidiaSmi({QStringLiteral("--query-compute-apps=pid,used_memory"),
                                              QStringLiteral("--format=csv,noheader,nounits")});
        for (const QByteArray &line : apps.split('\n')) {
            const QList<QByteArray> parts = line.split(',');
            if (parts.size() != 2)
                continue;
            const qint64 pid = parts[0].trimmed().toLongLong();
            qint64 pgrp = 0, rss = 0;
            if (parseStat(readSmall(QStringLiteral("/proc/%1/stat").arg(pid)), &pgrp, &rss) &&
                std::find(groups.begin(), groups.end(), pgrp) != groups.end())
                sample.gpuByGroup[pgrp] += parts[1].trimmed().toLongLong() * 1024 * 1024;
        }
    }
    return sample;
}

} // namespace sy::pool
