#include "editors/poolseditor.h"

#include "editors/catalognames.h"
#include "editors/configdocument.h"
#include "editors/orderedlist.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sy::ui {
namespace {

// The roles the router knows (docs/config.md); shown even before they are configured.
const char *const kKnownRoles[] = {"classifier", "writer", "expander", "validator", "style_refiner"};

} // namespace

PoolsEditor::PoolsEditor(ConfigDocument *document, QWidget *parent)
    : EditorPage(document, {QStringLiteral("pools"), QStringLiteral("modes")},
                 tr("A request with a role (X-Switchyard-Role, or the model name role:ROLE/PRODUCT) tries the models of its "
                    "role and product type in order; a product type not listed uses the role's \"default\". Double-click a cell to edit it."),
                 parent),
      m_grid(new QTableWidget(this)), m_gridError(errorLabel(this)), m_eco(new OrderedList(this)), m_fast(new OrderedList(this)),
      m_modesError(errorLabel(this))
{
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_grid->setTabKeyNavigation(false); // Tab leaves the grid; arrows move between cells
    m_grid->setWordWrap(true);
    m_grid->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_grid->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *gridBox = new QGroupBox(tr("Role pools"), this);
    auto *gridLayout = new QVBoxLayout(gridBox);
    gridLayout->addWidget(m_grid, 1);
    gridLayout->addWidget(m_gridError);
    auto *buttons = new QHBoxLayout;
    auto *edit = new QPushButton(tr("Edit cell…"), gridBox);
    auto *clear = new QPushButton(tr("Clear cell"), gridBox);
    auto *addRole = new QPushButton(tr("Add role…"), gridBox);
    auto *addProduct = new QPushButton(tr("Add product type…"), gridBox);
    buttons->addWidget(edit);
    buttons->addWidget(clear);
    buttons->addStretch(1);
    buttons->addWidget(addRole);
    buttons->addWidget(addProduct);
    gridLayout->addLayout(buttons);
    content()->addWidget(gridBox, 3);

    auto *modesBox = new QGroupBox(tr("Modes (X-Switchyard-Mode, or the model name mode:eco / mode:fast)"), this);
    auto *modesLayout = new QHBoxLayout(modesBox);
    for (auto [list, title] : {std::pair{m_eco, tr("eco: cheapest first")}, std::pair{m_fast, tr("fast: quickest first")}}) {
        auto *column = new QVBoxLayout;
        column->addWidget(new QLabel(title, modesBox));
        column->addWidget(list);
        modesLayout->addLayout(column);
    }
    auto *modesOuter = new QVBoxLayout;
    modesOuter->addWidget(modesBox);
    modesOuter->addWidget(m_modesError);
    content()->addLayout(modesOuter, 2);

    connect(m_grid, &QTableWidget::cellDoubleClicked, this, &PoolsEditor::editCell);
    connect(edit, &QPushButton::clicked, this, [this] { editCell(m_grid->currentRow(), m_grid->currentColumn()); });
    connect(clear, &QPushButton::clicked, this, &PoolsEditor::clearCell);
    connect(addRole, &QPushButton::clicked, this, &PoolsEditor::addRole);
    connect(addProduct, &QPushButton::clicked, this, &PoolsEditor::addProduct);
    connect(m_eco, &OrderedList::changed, this, [this](const QStringList &m) { writeMode(QStringLiteral("eco"), m); });
    connect(m_fast, &OrderedList::changed, this, [this](const QStringList &m) { writeMode(QStringLiteral("fast"), m); });
}

OrderedList *PoolsEditor::modeList(const QString &mode) const
{
    return mode == QLatin1String("eco") ? m_eco : mode == QLatin1String("fast") ? m_fast : nullptr;
}

void PoolsEditor::fill()
{
    const QJsonObject pools = document()->section(QStringLiteral("pools")).toObject();
    // Roles and product types the operator added stay as empty rows/columns until applied.
    for (const char *role : kKnownRoles)
        if (!m_roles.contains(QLatin1String(role)))
            m_roles << QLatin1String(role);
    if (!m_products.contains(QLatin1String("default")))
        m_products.prepend(QStringLiteral("default"));
    for (auto it = pools.begin(); it != pools.end(); ++it) {
        if (!m_roles.contains(it.key()))
            m_roles << it.key();
        for (const QString &product : it.value().toObject().keys())
            if (!m_products.contains(product))
                m_products << product;
    }
    m_grid->clear();
    m_grid->setRowCount(int(m_roles.size()));
    m_grid->setColumnCount(int(m_products.size()));
    m_grid->setVerticalHeaderLabels(m_roles);
    m_grid->setHorizontalHeaderLabels(m_products);
    for (int r = 0; r < m_roles.size(); ++r) {
        for (int c = 0; c < m_products.size(); ++c) {
            const QStringList models = toStringList(pools.value(m_roles[r]).toObject().value(m_products[c]));
            auto *item = new QTableWidgetItem(models.isEmpty() ? QStringLiteral("—") : models.join(QStringLiteral(" → ")));
            item->setToolTip(models.isEmpty() ? tr("Not set") : tr("Tried in this order: %1").arg(models.join(QStringLiteral(", "))));
            if (models.isEmpty())
                item->setForeground(palette().brush(QPalette::PlaceholderText));
            m_grid->setItem(r, c, item);
        }
    }
    const QStringList catalog = document()->pickableNames();
    const QJsonObject modes = document()->section(QStringLiteral("modes")).toObject();
    for (const QString &mode : {QStringLiteral("eco"), QStringLiteral("fast")}) {
        modeList(mode)->setCatalog(catalog);
        modeList(mode)->setItems(toStringList(modes.value(mode).toObject().value(QLatin1String("models"))));
    }
    errors().clearFields();
    errors().add(QStringLiteral("pools"), m_grid, m_gridError);
    errors().add(QStringLiteral("modes"), m_eco->list(), m_modesError);
}

void PoolsEditor::setCell(const QString &role, const QString &product, const QStringList &models)
{
    QJsonObject pools = document()->section(QStringLiteral("pools")).toObject();
    QJsonObject products = pools.value(role).toObject();
    if (models.isEmpty())
        products.remove(product);
    else
        products.insert(product, QJsonArray::fromStringList(models));
    if (products.isEmpty())
        pools.remove(role);
    else
        pools.insert(role, products);
    document()->setSection(QStringLiteral("pools"), pools); // refills the grid
}

void PoolsEditor::editCell(int row, int column)
{
    if (row < 0 || column < 0 || row >= m_roles.size() || column >= m_products.size())
        return;
    const QString role = m_roles[row];
    const QString product = m_products[column];
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Pool %1 / %2").arg(role, product));
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(tr("Models for role <b>%1</b>, product type <b>%2</b>, tried in this order:").arg(role.toHtmlEscaped(), product.toHtmlEscaped()), &dialog));
    auto *list = new OrderedList(&dialog);
    list->setCatalog(document()->pickableNames());
    list->setItems(toStringList(document()->section(QStringLiteral("pools")).toObject().value(role).toObject().value(product)));
    layout->addWidget(list);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    if (dialog.exec() == QDialog::Accepted)
        setCell(role, product, list->items());
}

void PoolsEditor::clearCell()
{
    const int row = m_grid->currentRow();
    const int column = m_grid->currentColumn();
    if (row >= 0 && column >= 0 && row < m_roles.size() && column < m_products.size())
        setCell(m_roles[row], m_products[column], {});
}

void PoolsEditor::addRole()
{
    bool ok = false;
    const QString role = QInputDialog::getText(this, tr("Add role"), tr("Role (as clients send it in X-Switchyard-Role):"), QLineEdit::Normal, {}, &ok).trimmed();
    if (ok && !role.isEmpty() && !m_roles.contains(role)) {
        m_roles << role;
        refill();
    }
}

void PoolsEditor::addProduct()
{
    bool ok = false;
    const QString product = QInputDialog::getText(this, tr("Add product type"), tr("Product type (X-Switchyard-Product):"), QLineEdit::Normal, {}, &ok).trimmed();
    if (ok && !product.isEmpty() && !m_products.contains(product)) {
        m_products << product;
        refill();
    }
}

void PoolsEditor::writeMode(const QString &mode, const QStringList &models)
{
    QJsonObject modes = document()->section(QStringLiteral("modes")).toObject();
    QJsonObject entry = modes.value(mode).toObject();
    if (models.isEmpty()) {
        modes.remove(mode);
    } else {
        entry.insert(QStringLiteral("models"), QJsonArray::fromStringList(models));
        modes.insert(mode, entry);
    }
    writeSection(QStringLiteral("modes"), modes);
}

} // namespace sy::ui
