#pragma once
// Under every editor: whether the working copy differs from the running config, Revert,
// and Apply (dry run, the diff to confirm, then the change; problems go to the fields).

#include <QWidget>

class QLabel;
class QPushButton;

namespace sy::ui {

class ConfigDocument;

class ApplyBar : public QWidget {
    Q_OBJECT
public:
    ApplyBar(ConfigDocument *document, QWidget *parent = nullptr);
    // Skips the confirmation dialog (tests, and the screenshot tour).
    void setConfirm(bool confirm) { m_confirm = confirm; }
    void apply();
    QString statusText() const; // what the bar says now ("Applied 1 change(s). Warning: ...")

Q_SIGNALS:
    void applied();

private:
    void updateState();
    void confirmAndApply(const QJsonArray &diff);

    ConfigDocument *m_document;
    QLabel *m_status;
    QPushButton *m_revert;
    QPushButton *m_apply;
    bool m_confirm = true;
    QString m_note; // the last outcome, shown until the next edit
};

// The diff, one line per change, for people.
QString describeDiff(const QJsonArray &diff);

} // namespace sy::ui
