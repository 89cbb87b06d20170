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
      m_general(errorLabel(this)), m_replacesDemo(new QLabel(this)), m_applyBar(new ApplyBar(document, this)), m_errors(m_general)
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
    // Naming an agent, mode or pool like one of the demo's replaces the demo's: say so.
    m_replacesDemo->setWordWrap(true);
    m_replacesDemo->setFrameShape(QFrame::StyledPanel);
    m_replacesDemo->setMargin(6);
    const auto showReplaced = [this, document] {
        const QStringList replaced = document->demoPoliciesReplaced();
        m_replacesDemo->setText(tr("Yours replace the demo's %1: requests for them go to the models you list, not to the demo's.")
                                    .arg(replaced.join(QStringLiteral(", "))));
        m_replacesDemo->setVisible(!replaced.isEmpty());
    };
    connect(document, &ConfigDocument::changed, this, showReplaced);
    connect(document, &ConfigDocument::demoChanged, this, showReplaced);
    connect(document, &ConfigDocument::loaded, this, showReplaced);
    showReplaced();
    layout->addWidget(m_replacesDemo);
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
