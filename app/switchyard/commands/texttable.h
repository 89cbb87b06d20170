#pragma once
// A table for the terminal: a header row and columns padded to their widest cell.

#include <QString>
#include <QStringList>
#include <vector>

namespace sy::app::commands {

class TextTable {
public:
    explicit TextTable(QStringList header) { m_rows.push_back(std::move(header)); }
    void add(QStringList row) { m_rows.push_back(std::move(row)); }
    bool empty() const { return m_rows.size() == 1; }
    // Each row on its own line; the last column is not padded.
    QString render(const QString &indent = {}) const;

private:
    std::vector<QStringList> m_rows;
};

} // namespace sy::app::commands
