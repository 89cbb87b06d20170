#pragma once
// One attachment to a core and everything the window keeps about it: the link, the models
// table, the request list, the chart history and the config being edited, wired to the
// feed. Views read from here; nothing here needs a window, so tests drive it directly.

#include <QObject>
#include <QUrl>

namespace sy::ui {

class ConfigDocument;
class CoreLink;
class ModelTableModel;
class RequestTableModel;
class StatsRecorder;

class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(QObject *parent = nullptr);

    void attach(const QUrl &base, const QByteArray &token);

    CoreLink *link() const { return m_link; }
    ModelTableModel *models() const { return m_models; }
    RequestTableModel *requests() const { return m_requests; }
    StatsRecorder *stats() const { return m_stats; }
    ConfigDocument *config() const { return m_config; }

private:
    CoreLink *m_link;
    ModelTableModel *m_models;
    RequestTableModel *m_requests;
    StatsRecorder *m_stats;
    ConfigDocument *m_config;
};

} // namespace sy::ui
