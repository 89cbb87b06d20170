#pragma once
// A model's trouble or progress, in plain sight under the dashboard's table. Failed: the
// cause the core gave (e.g. "llama-server" was not found in PATH) and the lines its server
// wrote, with Show logs and Load again. Starting: for how long, against its load timeout,
// and the server's newest lines as they come (polled once a second while shown), with
// Show logs and Cancel.

#include <QFrame>
#include <QJsonObject>
#include <QTimer>

class QLabel;
class QPushButton;

namespace sy::ui {

class CoreLink;

class ModelStatusPanel : public QFrame {
    Q_OBJECT
public:
    explicit ModelStatusPanel(CoreLink *link, QWidget *parent = nullptr);
    // Whether the panel has something to say about this model (it failed, or is starting).
    static bool wants(const QJsonObject &model);
    // A model as the core lists it; false (and hidden) unless it failed or is starting.
    // `loadingS`: how long it has been starting by now (the table counts on from the core's figure).
    bool showModel(const QJsonObject &model, int loadingS = -1);
    QString modelId() const { return m_id; }
    bool isShowingProgress() const { return m_starting; }
    QString text() const;

Q_SIGNALS:
    void showLogsRequested(const QString &modelId);

private:
    void showFailure(const QJsonObject &model);
    void showProgress(const QJsonObject &model, int loadingS);
    void pollOutput();

    CoreLink *m_link;
    QString m_id;
    bool m_starting = false;
    int m_loadTimeoutS = 0;
    enum class Look { None, Failure, Progress } m_look = Look::None;
    QTimer m_poll;
    QLabel *m_title;
    QLabel *m_details;
    QPushButton *m_logs;
    QPushButton *m_act; // Load again, or Cancel while starting
};

} // namespace sy::ui
