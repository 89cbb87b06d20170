#include "widgets/columnchooser.h"

#include <QEvent>
#include <QHeaderView>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
#include <QStyle>
#include <QTableView>
#include <QTimer>

namespace sy::ui {
namespace {

constexpr int kSpareWidth = 16;

} // namespace

ColumnChooser::ColumnChooser(QTableView *table, QString settingsKey, QList<int> alwaysShown, QList<int> dropFirst, int stretch)
    : QObject(table), m_table(table), m_settingsKey(std::move(settingsKey)), m_alwaysShown(std::move(alwaysShown)),
      m_dropFirst(std::move(dropFirst)), m_stretch(stretch)
{
    for (const QVariant &column : QSettings().value(m_settingsKey).toList())
        if (!m_alwaysShown.contains(column.toInt()))
            m_unchosen.insert(column.toInt());
    QHeaderView *header = m_table->horizontalHeader();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, &ColumnChooser::menu);
    // Content changes widths (ResizeToContents); refit after the header has laid out.
    connect(header, &QHeaderView::sectionResized, this, [this] { QTimer::singleShot(0, this, &ColumnChooser::fit); });
    m_table->viewport()->installEventFilter(this);
    fit();
}

void ColumnChooser::setChosen(int column, bool shown)
{
    if (shown)
        m_unchosen.remove(column);
    else
        m_unchosen.insert(column);
    QList<QVariant> hidden;
    for (const int c : m_unchosen)
        hidden << c;
    QSettings().setValue(m_settingsKey, hidden);
    fit();
}

QList<int> ColumnChooser::setAside() const
{
    QList<int> out;
    for (int column = 0; column < m_table->horizontalHeader()->count(); ++column)
        if (isChosen(column) && m_table->isColumnHidden(column))
            out << column;
    return out;
}

bool ColumnChooser::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        QTimer::singleShot(0, this, &ColumnChooser::fit);
    return false;
}

int ColumnChooser::wantedWidth(int column) const
{
    // What ResizeToContents gives the column when shown: its widest cell, or its header's
    // text (measured here: a hidden section's own size hint is 0) with the style's margins
    // and room for the sort arrow.
    const QHeaderView *header = m_table->horizontalHeader();
    const QStringList lines = header->model()->headerData(column, Qt::Horizontal).toString().split(QLatin1Char('\n'));
    int text = 0;
    for (const QString &line : lines)
        text = std::max(text, header->fontMetrics().horizontalAdvance(line));
    const int margin = header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
    const int arrow = header->style()->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, header);
    const int cells = static_cast<const QAbstractItemView *>(m_table)->sizeHintForColumn(column);
    // A shown column's own size counts too (and is remembered for when it is hidden: the
    // style may pad a header more than measured here), except the stretching one's.
    if (!m_table->isColumnHidden(column) && column != m_stretch)
        m_shownWidth[column] = header->sectionSize(column);
    return std::max({cells, text + 2 * margin + arrow, m_shownWidth.value(column, 0)});
}

void ColumnChooser::fit()
{
    if (m_fitting)
        return;
    m_fitting = true;
    const int count = m_table->horizontalHeader()->count();
    // Start from every chosen column, then set aside in order until the rest fit.
    QSet<int> shown;
    int width = 0;
    for (int column = 0; column < count; ++column)
        if (isChosen(column)) {
            shown.insert(column);
            width += wantedWidth(column);
        }
    const int available = m_table->viewport()->width();
    for (const int column : m_dropFirst) {
        if (width <= available)
            break;
        if (shown.remove(column))
            width -= wantedWidth(column);
    }
    // Hides apply at once; a column comes back only with room to spare, so a width at the
    // edge does not flicker.
    const bool roomToSpare = width + kSpareWidth <= available;
    for (int column = 0; column < count; ++column) {
        const bool show = shown.contains(column);
        if (!show)
            m_table->setColumnHidden(column, true);
        else if (m_table->isColumnHidden(column) && roomToSpare)
            m_table->setColumnHidden(column, false);
    }
    // Spare width goes to the stretch column; without any, it is sized to its content again.
    if (m_stretch >= 0) {
        QHeaderView *header = m_table->horizontalHeader();
        const auto mode = roomToSpare ? QHeaderView::Stretch : QHeaderView::ResizeToContents;
        if (header->sectionResizeMode(m_stretch) != mode)
            header->setSectionResizeMode(m_stretch, mode);
    }
    m_fitting = false;
}

void ColumnChooser::menu(const QPoint &pos)
{
    QHeaderView *header = m_table->horizontalHeader();
    QMenu menu(header);
    for (int column = 0; column < header->count(); ++column) {
        if (m_alwaysShown.contains(column))
            continue;
        const QString title = header->model()->headerData(column, Qt::Horizontal).toString().replace(QLatin1Char('\n'), QLatin1Char(' '));
        QAction *action = menu.addAction(m_table->isColumnHidden(column) && isChosen(column) ? tr("%1 (no room)").arg(title) : title);
        action->setCheckable(true);
        action->setChecked(isChosen(column));
        connect(action, &QAction::toggled, this, [this, column](bool shown) { setChosen(column, shown); });
    }
    menu.exec(header->viewport()->mapToGlobal(pos));
}

} // namespace sy::ui
