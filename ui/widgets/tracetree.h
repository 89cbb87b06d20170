#pragma once
// Tree widgets for routing details: a read-only list with wrapping rows, and the explain
// trace (candidates, why each was taken or skipped, scores) as the core records it.

#include <QJsonObject>
#include <QStringList>

class QTreeWidget;
class QWidget;

namespace sy::ui {

QTreeWidget *makeDetailTree(const QStringList &headers, QWidget *parent);
// Replaces the tree's rows with the trace's steps (columns: step, model, detail).
void fillTrace(QTreeWidget *tree, const QJsonObject &trace);
// A JSON value as one line of text ("" for null).
QString jsonText(const QJsonValue &value);

} // namespace sy::ui
