#pragma once
// "Attach to…": the address of a Switchyard (this one or a headless one elsewhere) and its
// admin token. The token is typed or pasted, shown masked, and never stored.

#include <QDialog>
#include <QUrl>

class QLabel;
class QLineEdit;

namespace sy::ui {

class AttachDialog : public QDialog {
    Q_OBJECT
public:
    explicit AttachDialog(const QUrl &current, QWidget *parent = nullptr);
    QUrl url() const;
    QByteArray token() const;

private:
    void validate();

    QLineEdit *m_url;
    QLineEdit *m_token;
    QLabel *m_problem;
};

} // namespace sy::ui
