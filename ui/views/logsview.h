#pragma once
// Logs: Switchyard's own (live, through the feed's "logs" topic, with a level filter and
// level colours) and each model server's output (followed live while shown, every line
// with its time, earlier runs kept above a marker line). Either can be saved to a file.

#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>
#include <QWidget>
#include <deque>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace sy::ui {

class CoreLink;
class LogHighlighter;
class ModelTableModel;

class LogsView : public QWidget {
    Q_OBJECT
public:
    LogsView(CoreLink *link, ModelTableModel *models, QWidget *parent = nullptr);
    void showSource(const QString &modelId); // empty: Switchyard's own log
    void addLines(const QJsonArray &lines);
    // Writes the lines shown to `path`; false (and `error`) if it cannot.
    bool saveTo(const QString &path, QString *error) const;
    QPlainTextEdit *text() const { return m_text; }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void refillSources();
    void reload();
    void render();
    void followModel();
    void appendShown(const QStringList &lines);
    void saveAs();
    bool passes(const QJsonObject &line) const;
    QString format(const QJsonObject &line) const;

    CoreLink *m_link;
    ModelTableModel *m_models;
    QComboBox *m_source;
    QComboBox *m_level;
    QLineEdit *m_filter;
    QPushButton *m_refresh;
    QPushButton *m_save;
    QPlainTextEdit *m_text;
    std::deque<QJsonObject> m_coreLines; // the core's, newest last
    QStringList m_modelLines;
    qint64 m_modelLast = 0; // the number of the newest model line read ("after" for the next poll)
    QTimer m_follow;        // polls the model server's log while it is shown
    LogHighlighter *m_highlighter;
    bool m_subscribed = false;
};

} // namespace sy::ui
