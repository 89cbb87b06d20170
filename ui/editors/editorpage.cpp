#include "editors/editorpage.h"

#include "editors/applybar.h"
#include "editors/configdocument.h"

#include <QJsonValue>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

namespace sy::ui {

EditorPage::EditorPage(ConfigDocument *document, QStringList sections, const QString &intro, QWidget *parent)
    : QWidget(parent), m_document(document), m_sections(std::move(sections)), m_content(new QVBoxLayout),
      m_general(errorLabel(this)), m_applyBar(new ApplyBar(document, this)), m_errors(m_general)
{
    auto *layout = new QVBoxLayout(this);
    if (!intro.isEmpty()) {
        auto *label = new QLabel(intro, this);
        label->setWordWrap(true);
        label->setForegroundRole(QPalette::PlaceholderText);
        layout->addWidget(label);
    }
    auto *demo = new QLabel(tr("The built-in demo pool is running: its simulated models (demo-…) and their agents, pools and modes "
                               "are added at start-up, not read from the config file, so they are not listed here. "
                               "What you add here is saved to the file and works next to them."),
                            this);
    demo->setWordWrap(true);
    demo->setFrameShape(QFrame::StyledPanel);
    demo->setMargin(6);
    demo->setVisible(document->isDemo());
    connect(document, &ConfigDocument::demoChanged, demo, &QLabel::setVisible);
    layout->addWidget(demo);
    m_content->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_content, 1);
    layout->addWidget(m_general);
    layout->addWidget(m_applyBar);

    connect(document, &ConfigDocument::changed, this, [this] {
        if (!m_writing)
            refill();
    });
    connect(document, &ConfigDocument::issuesChanged, this,
            [this](const QList<ConfigIssue> &issues) { m_errors.show(FieldErrors::forSections(issues, m_sections)); });
    // After the subclass is built: its fill() is not callable from this constructor.
    QTimer::singleShot(0, this, [this] {
        if (m_document->isLoaded())
            refill();
    });
}

void EditorPage::refill()
{
    m_filling = true;
    fill();
    m_filling = false;
}

void EditorPage::writeSection(const QString &key, const QJsonValue &value)
{
    if (m_filling)
        return;
    m_writing = true;
    m_document->setSection(key, value);
    m_writing = false;
}

} // namespace sy::ui
