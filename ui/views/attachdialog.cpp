#include "views/attachdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace sy::ui {
namespace {

const char *const kLastUrlKey = "ui/lastAttachUrl";

} // namespace

AttachDialog::AttachDialog(const QUrl &current, QWidget *parent)
    : QDialog(parent), m_url(new QLineEdit(this)), m_token(new QLineEdit(this)), m_problem(new QLabel(this))
{
    setWindowTitle(tr("Attach to a Switchyard"));
    m_url->setText(QSettings().value(QLatin1String(kLastUrlKey), current.toString()).toString());
    m_url->setPlaceholderText(QStringLiteral("http://server.lan:6103"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("SWITCHYARD_ADMIN_TOKEN of that core"));
    m_problem->setStyleSheet(QStringLiteral("color: #c83232;"));
    m_problem->setWordWrap(true);

    auto *intro = new QLabel(tr("The window can watch and control a Switchyard running elsewhere (e.g. <code>switchyard --headless</code> on a server). "
                                "Its admin token is in that machine's config directory (<code>admin-token</code>) or its SWITCHYARD_ADMIN_TOKEN."),
                             this);
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Address"), m_url);
    form->addRow(tr("Admin token"), m_token);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Attach"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        validate();
        if (m_problem->text().isEmpty()) {
            QSettings().setValue(QLatin1String(kLastUrlKey), url().toString());
            accept();
        }
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(520, sizeHint().height());
}

QUrl AttachDialog::url() const
{
    QString text = m_url->text().trimmed();
    if (!text.contains(QStringLiteral("://")))
        text.prepend(QStringLiteral("http://"));
    QUrl url(text);
    url.setPath({}); // the API lives at the root; a pasted ".../v1" is the client URL
    return url;
}

QByteArray AttachDialog::token() const
{
    return m_token->text().trimmed().toUtf8();
}

void AttachDialog::validate()
{
    const QUrl u = url();
    if (!u.isValid() || u.host().isEmpty() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")))
        m_problem->setText(tr("The address must look like http://host:port."));
    else if (token().isEmpty())
        m_problem->setText(tr("The core refuses the management API without its admin token."));
    else
        m_problem->clear();
}

} // namespace sy::ui
