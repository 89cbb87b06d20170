#include "client/session.h"

#include "client/corelink.h"
#include "editors/configdocument.h"
#include "models/modeltablemodel.h"
#include "models/requesttablemodel.h"
#include "models/statsrecorder.h"

#include <QDateTime>

namespace sy::ui {
namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

Session::Session(QObject *parent)
    : QObject(parent), m_link(new CoreLink(this)), m_models(new ModelTableModel(this)), m_requests(new RequestTableModel(this)),
      m_stats(new StatsRecorder(this)), m_config(new ConfigDocument(m_link, this))
{
    connect(m_link, &CoreLink::snapshot, this, [this](const QJsonArray &models, const QJsonObject &system) {
        m_models->reset(models, system);
        m_stats->addMemory(models, nowMs());
        QStringList demoModels;
        for (const QJsonValue &id : system.value(QLatin1String("demoModels")).toArray())
            demoModels << id.toString();
        m_config->setDemo(system.value(QLatin1String("demo")).toBool(), demoModels, system.value(QLatin1String("demoPolicies")).toObject());
    });
    connect(m_link, &CoreLink::modelChanged, m_models, &ModelTableModel::updateModel);
    connect(m_link, &CoreLink::counters, this, [this](const QJsonArray &models, const QJsonObject &system) {
        m_models->applyCounters(models, system);
        m_stats->addMemory(models, nowMs());
    });
    connect(m_link, &CoreLink::requestFinished, this, [this](const QJsonObject &record) {
        m_requests->add(record);
        m_models->recordRequest(record);
        m_stats->addRequest(record, nowMs());
    });
    connect(m_link, &CoreLink::stateChanged, this, [this](CoreLink::State state) {
        if (state != CoreLink::State::Connected)
            return;
        m_link->get(QStringLiteral("/api/v1/requests?limit=200"), [this](const RestReply &r) {
            if (r.ok())
                m_requests->setHistory(r.body.value(QLatin1String("requests")).toArray());
        });
    });
    m_link->subscribe({QStringLiteral("requests")});
}

void Session::attach(const QUrl &base, const QByteArray &token)
{
    m_link->connectTo(base, token);
}

} // namespace sy::ui
