#include "editors/orderedlist.h"

#include <QComboBox>
#include <QGridLayout>
#include <QListWidget>
#include <QPushButton>

namespace sy::ui {

OrderedList::OrderedList(QWidget *parent)
    : QWidget(parent), m_list(new QListWidget(this)), m_picker(new QComboBox(this)), m_add(new QPushButton(tr("Add"), this)),
      m_remove(new QPushButton(tr("Remove"), this)), m_up(new QPushButton(tr("Up"), this)), m_down(new QPushButton(tr("Down"), this))
{
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_picker->setEditable(true); // a name the catalog does not know (a prefixed one) can be typed
    m_picker->setInsertPolicy(QComboBox::NoInsert);
    m_picker->setMinimumContentsLength(16);
    m_up->setToolTip(tr("Move up (primary first)"));
    m_down->setToolTip(tr("Move down"));

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 0, 0, 4, 2);
    layout->addWidget(m_up, 0, 2);
    layout->addWidget(m_down, 1, 2);
    layout->addWidget(m_remove, 2, 2);
    layout->addWidget(m_picker, 4, 0);
    layout->addWidget(m_add, 4, 1);

    // A drop moves rows in the list's model: that is the change.
    connect(m_list->model(), &QAbstractItemModel::rowsMoved, this, &OrderedList::emitChanged);
    connect(m_list->model(), &QAbstractItemModel::rowsInserted, this, &OrderedList::emitChanged);
    connect(m_list->model(), &QAbstractItemModel::rowsRemoved, this, &OrderedList::emitChanged);
    connect(m_up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { move(1); });
    connect(m_remove, &QPushButton::clicked, this, [this] { delete m_list->takeItem(m_list->currentRow()); });
    connect(m_add, &QPushButton::clicked, this, [this] {
        const QString name = m_picker->currentText().trimmed();
        if (!name.isEmpty() && !items().contains(name))
            m_list->addItem(name);
    });
}

void OrderedList::setItems(const QStringList &items)
{
    if (items == this->items())
        return;
    m_filling = true;
    m_list->clear();
    m_list->addItems(items);
    m_filling = false;
}

QStringList OrderedList::items() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out << m_list->item(i)->text();
    return out;
}

void OrderedList::setCatalog(const QStringList &names)
{
    const QString current = m_picker->currentText();
    m_picker->clear();
    m_picker->addItems(names);
    m_picker->setCurrentText(current);
}

void OrderedList::move(int by)
{
    const int row = m_list->currentRow();
    const int to = row + by;
    if (row < 0 || to < 0 || to >= m_list->count())
        return;
    m_list->model()->moveRow({}, row, {}, by > 0 ? to + 1 : to);
    m_list->setCurrentRow(to);
}

void OrderedList::emitChanged()
{
    if (!m_filling)
        Q_EMIT changed(items());
}

} // namespace sy::ui
