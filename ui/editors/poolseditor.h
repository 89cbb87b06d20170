#pragma once
// Model pools: a role x product type grid, each cell an ordered model list (edited in a
// dialog with drag and drop); below it the execution modes (eco, fast) as ordered lists.

#include "editors/editorpage.h"

class QLabel;
class QTableWidget;

namespace sy::ui {

class OrderedList;

class PoolsEditor : public EditorPage {
    Q_OBJECT
public:
    explicit PoolsEditor(ConfigDocument *document, QWidget *parent = nullptr);
    QTableWidget *grid() const { return m_grid; }
    OrderedList *modeList(const QString &mode) const;
    // Sets one cell (empty list: removes it), as the cell dialog does.
    void setCell(const QString &role, const QString &product, const QStringList &models);

protected:
    void fill() override;

private:
    void editCell(int row, int column);
    void addRole();
    void addProduct();
    void clearCell();
    void writeMode(const QString &mode, const QStringList &models);

    QTableWidget *m_grid;
    QLabel *m_gridError;
    OrderedList *m_eco;
    OrderedList *m_fast;
    QLabel *m_modesError;
    QStringList m_roles;
    QStringList m_products;
};

} // namespace sy::ui
