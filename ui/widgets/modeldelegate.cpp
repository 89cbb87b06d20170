#include "widgets/modeldelegate.h"

#include "models/modeltablemodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace sy::ui {

QColor stateColor(const QString &state)
{
    if (state == QLatin1String("hot")) return QColor(0x2e, 0x9e, 0x4f);
    if (state == QLatin1String("busy")) return QColor(0x1f, 0x77, 0xd0);
    if (state == QLatin1String("starting") || state == QLatin1String("unloading")) return QColor(0xd9, 0x8c, 0x1a);
    if (state == QLatin1String("failed") || state == QLatin1String("unreachable")) return QColor(0xc8, 0x32, 0x32);
    if (state == QLatin1String("remote")) return QColor(0x7a, 0x5c, 0xc2);
    return QColor(0x80, 0x80, 0x80); // cold
}

void ModelDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int column = index.column();
    if (column != ModelTableModel::State && column != ModelTableModel::Memory) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // Background (selection) as usual, then our content.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect area = option.rect.adjusted(4, 3, -4, -3);
    if (column == ModelTableModel::State) {
        const QColor color = stateColor(index.data(ModelTableModel::StateRole).toString());
        const QFontMetrics fm(option.font);
        const int width = std::min(area.width(), fm.horizontalAdvance(text) + 16);
        const QRect badge(area.left(), area.center().y() - fm.height() / 2 - 1, width, fm.height() + 2);
        QPainterPath path;
        path.addRoundedRect(badge, badge.height() / 2.0, badge.height() / 2.0);
        painter->fillPath(path, color);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, text);
    } else {
        const double fraction = index.data(ModelTableModel::MemoryFractionRole).toDouble();
        const QRect track(area.left(), area.bottom() - 4, area.width(), 4);
        painter->fillRect(track, option.palette.color(QPalette::Mid));
        painter->fillRect(QRect(track.left(), track.top(), int(track.width() * fraction), track.height()),
                          option.palette.color(QPalette::Highlight));
        painter->setPen(option.state & QStyle::State_Selected ? option.palette.color(QPalette::HighlightedText)
                                                             : option.palette.color(QPalette::Text));
        painter->drawText(area.adjusted(0, 0, 0, -5), Qt::AlignLeft | Qt::AlignVCenter, text);
    }
    painter->restore();
}

QSize ModelDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 12));
    if (index.column() == ModelTableModel::Memory)
        size.setWidth(std::max(size.width(), option.fontMetrics.horizontalAdvance(QStringLiteral("000.0 MiB + 00.0 GiB GPU")) + 12));
    if (index.column() == ModelTableModel::State) // room for the badge around the longest state
        size.setWidth(std::max(size.width(), option.fontMetrics.horizontalAdvance(index.data().toString()) + 28));
    return size;
}

} // namespace sy::ui
