#pragma once
// Route preview: a model name (or agent:/role:/mode: name, or auto), an agent class, a
// role and product type, a mode and a prompt; shows which model would serve it, the
// fallback chain and the explain trace. The core decides, and calls nothing.

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace sy::ui {

class CoreLink;

class RoutePreviewView : public QWidget {
    Q_OBJECT
public:
    explicit RoutePreviewView(CoreLink *link, QWidget *parent = nullptr);
    // The wrapped request preview sends ({"request", "headers"}), from the form.
    QJsonObject previewBody() const;
    void preview();
    QComboBox *modelBox() const { return m_model; }
    QLineEdit *agentBox() const { return m_agent; }
    QPlainTextEdit *promptBox() const { return m_prompt; }
    QTreeWidget *chain() const { return m_chain; }
    QLabel *outcome() const { return m_outcome; }

Q_SIGNALS:
    void previewed(const QJsonObject &answer);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void refreshNames();
    void show(const QJsonObject &answer);

    CoreLink *m_link;
    QComboBox *m_model;
    QLineEdit *m_agent;
    QLineEdit *m_role;
    QLineEdit *m_product;
    QComboBox *m_mode;
    QCheckBox *m_tools;
    QCheckBox *m_image;
    QPlainTextEdit *m_prompt;
    QPushButton *m_go;
    QLabel *m_outcome;
    QTreeWidget *m_chain;
    QTreeWidget *m_trace;
};

} // namespace sy::ui
