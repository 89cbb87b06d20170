#include "views/connectview.h"

#include "client/corelink.h"
#include "editors/configdocument.h"
#include "models/clientsnippets.h"
#include "widgets/modelnamebox.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace sy::ui {
namespace {

QPushButton *copyButton(QWidget *parent, const QString &label, std::function<QString()> text)
{
    auto *button = new QPushButton(label, parent);
    QObject::connect(button, &QPushButton::clicked, parent, [text = std::move(text)] { QApplication::clipboard()->setText(text()); });
    return button;
}

} // namespace

ConnectView::ConnectView(CoreLink *link, ConfigDocument *config, QWidget *parent)
    : QWidget(parent), m_link(link), m_config(config), m_bases(new QWidget(this)), m_model(new QComboBox(this)), m_keyNote(new QLabel(this)), m_clients(new QListWidget(this)), m_snippet(new QPlainTextEdit(this))
{
    auto *intro = new QLabel(tr("Point any client at this Switchyard: it speaks each API below on one port, and the model name "
                                "the client sends decides where the request goes. More clients and what each sends: docs/clients.md."),
                             this);
    intro->setWordWrap(true);

    auto *bases = new QGridLayout(m_bases);
    bases->setContentsMargins(0, 0, 0, 0);
    for (int row = 0; row < 4; ++row) {
        auto *label = new QLabel(m_bases);
        auto *field = new QLineEdit(m_bases);
        field->setReadOnly(true);
        label->setBuddy(field);
        bases->addWidget(label, row, 0);
        bases->addWidget(field, row, 1);
        bases->addWidget(copyButton(this, tr("Copy"), [field] { return field->text(); }), row, 2);
        m_baseFields << field;
    }

    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setCurrentText(QStringLiteral("auto"));
    m_model->setToolTip(tr("Any name /v1/models lists: a model, an alias, auto, agent:…, role:…, mode:…"));
    m_keyNote->setWordWrap(true);
    auto *choices = new QFormLayout;
    choices->addRow(tr("&Model:"), m_model);
    choices->addRow(tr("Key:"), m_keyNote);

    m_snippet->setReadOnly(true);
    m_snippet->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_snippet->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_snippet->setTabChangesFocus(true);
    auto *snippetBox = new QWidget(this);
    auto *snippetLayout = new QVBoxLayout(snippetBox);
    snippetLayout->setContentsMargins(0, 0, 0, 0);
    snippetLayout->addWidget(m_snippet, 1);
    auto *copyRow = new QHBoxLayout;
    copyRow->addStretch(1);
    copyRow->addWidget(copyButton(this, tr("Copy"), [this] { return m_snippet->toPlainText(); }));
    snippetLayout->addLayout(copyRow);
    auto *split = new QSplitter(this);
    split->addWidget(m_clients);
    split->addWidget(snippetBox);
    split->setStretchFactor(1, 1);
    split->setSizes({220, 600});

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_bases);
    layout->addLayout(choices);
    layout->addWidget(split, 1);

    connect(m_model, &QComboBox::currentTextChanged, this, &ConnectView::refresh);
    connect(m_clients, &QListWidget::currentRowChanged, this, &ConnectView::refresh);
    connect(m_config, &ConfigDocument::loaded, this, &ConnectView::refresh);
    refresh();
    m_clients->setCurrentRow(0);
}

void ConnectView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_config->isLoaded())
        m_config->load();
    fillWithModelNames(m_link, m_model);
    refresh();
}

void ConnectView::setModel(const QString &name)
{
    m_model->setCurrentText(name);
}

void ConnectView::showClient(const QString &client)
{
    const QList<QListWidgetItem *> found = m_clients->findItems(client, Qt::MatchExactly);
    if (!found.isEmpty())
        m_clients->setCurrentItem(found.first());
}

QString ConnectView::snippet() const
{
    return m_snippet->toPlainText();
}

QString ConnectView::baseUrl(int row) const
{
    return m_baseFields.value(row) ? m_baseFields.value(row)->text() : QString();
}

void ConnectView::refresh()
{
    const QUrl base = m_link->base();
    const std::vector<ProtocolBase> bases = protocolBases(base);
    auto *grid = static_cast<QGridLayout *>(m_bases->layout());
    for (int row = 0; row < int(bases.size()) && row < m_baseFields.size(); ++row) {
        static_cast<QLabel *>(grid->itemAtPosition(row, 0)->widget())->setText(bases[std::size_t(row)].protocol + QLatin1Char(':'));
        m_baseFields[row]->setText(bases[std::size_t(row)].url);
    }
    // With server.clientKeys set, every request needs one of them; without, any value does.
    const bool keyed = !m_config->running().value(QLatin1String("server")).toObject().value(QLatin1String("clientKeys")).toArray().isEmpty();
    m_keyNote->setText(keyed ? tr("This Switchyard asks for a client key (server.clientKeys). The snippets read it from "
                                  "$SWITCHYARD_KEY: set that to the key this client should use.")
                             : tr("None needed (server.clientKeys is empty); clients that insist on one can send anything."));
    const std::vector<ClientSnippet> snippets = clientSnippets({base, m_model->currentText().trimmed(), keyed});
    if (m_clients->count() != int(snippets.size())) {
        const QSignalBlocker block(m_clients);
        m_clients->clear();
        for (const ClientSnippet &s : snippets)
            m_clients->addItem(s.client);
        m_clients->setCurrentRow(0);
    }
    const int row = std::max(0, m_clients->currentRow());
    m_snippet->setPlainText(row < int(snippets.size()) ? snippets[std::size_t(row)].text : QString());
}

} // namespace sy::ui
