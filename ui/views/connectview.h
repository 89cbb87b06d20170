#pragma once
// "Connect a client": the base URL for each protocol this Switchyard speaks, and a snippet
// for each common client (curl, the SDKs, Codex, Claude Code, Gemini CLI, ...) with this
// Switchyard's address and the model name chosen here, ready to copy.

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace sy::ui {

class CoreLink;
class ConfigDocument;

class ConnectView : public QWidget {
    Q_OBJECT
public:
    ConnectView(CoreLink *link, ConfigDocument *config, QWidget *parent = nullptr);
    void setModel(const QString &name);
    void showClient(const QString &client);
    QString snippet() const; // the snippet shown
    QString baseUrl(int row) const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void refresh();

    CoreLink *m_link;
    ConfigDocument *m_config;
    QWidget *m_bases;
    QList<QLineEdit *> m_baseFields;
    QComboBox *m_model;
    QLabel *m_keyNote;
    QListWidget *m_clients;
    QPlainTextEdit *m_snippet;
};

} // namespace sy::ui
