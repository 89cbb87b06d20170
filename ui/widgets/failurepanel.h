#pragma once
// Why a model failed, in plain sight under the dashboard's table: the cause the core gave
// (e.g. "llama-server" was not found in PATH) and the lines its server wrote, with the
// two things an operator does next — read the whole log, or try again.

#include <QFrame>
#include <QJsonObject>

class QLabel;
class QPushButton;

namespace sy::ui {

class FailurePanel : public QFrame {
    Q_OBJECT
public:
    explicit FailurePanel(QWidget *parent = nullptr);
    // A model as the core lists it; hidden (false) unless it failed and still has the error.
    bool showModel(const QJsonObject &model);
    QString modelId() const { return m_id; }
    QString text() const;

Q_SIGNALS:
    void showLogsRequested(const QString &modelId);
    void retryRequested(const QString &modelId);

private:
    QString m_id;
    QLabel *m_title;
    QLabel *m_details;
    QPushButton *m_logs;
    QPushButton *m_retry;
};

} // namespace sy::ui
