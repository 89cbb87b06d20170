#pragma once
// Paints the models table's state as a coloured badge and memory as a bar with its number.

#include <QStyledItemDelegate>

namespace sy::ui {

class ModelDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

// The badge colour of a model state, readable on light and dark palettes.
QColor stateColor(const QString &state);

} // namespace sy::ui
