#pragma once
// What every config editor shares: the working copy it edits, the core's problems shown
// next to the fields they name (or in a general list above the Apply bar), and the Apply
// bar. A subclass builds its form into content(), fills it in fill() and writes its
// sections of the working copy back as the operator edits.

#include <QStringList>
#include <QWidget>

#include "editors/fielderrors.h"

class QLabel;
class QVBoxLayout;

namespace sy::ui {

class ApplyBar;
class ConfigDocument;

class EditorPage : public QWidget {
    Q_OBJECT
public:
    EditorPage(ConfigDocument *document, QStringList sections, const QString &intro, QWidget *parent = nullptr);
    ApplyBar *applyBar() const { return m_applyBar; }
    // The general problems list (those no field claimed).
    QLabel *generalErrors() const { return m_general; }
    QLabel *replacesDemoNote() const { return m_replacesDemo; }

protected:
    QVBoxLayout *content() const { return m_content; }
    ConfigDocument *document() const { return m_document; }
    FieldErrors &errors() { return m_errors; }
    // Shows the working copy; called when it changed other than through this page.
    virtual void fill() = 0;
    // Writes a section of the working copy without refilling this page.
    void writeSection(const QString &key, const QJsonValue &value);
    bool isFilling() const { return m_filling; }
    void refill();

private:
    ConfigDocument *m_document;
    QStringList m_sections;
    QVBoxLayout *m_content;
    QLabel *m_general;
    QLabel *m_replacesDemo;
    ApplyBar *m_applyBar;
    FieldErrors m_errors;
    bool m_filling = false;
    bool m_writing = false;
};

} // namespace sy::ui
