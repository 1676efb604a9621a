/* The table preview (the stock datatables_view) gives DataTables each column name as its
 * "data" option, where a dot, brackets or a trailing "()" mean nested data: a column named
 * "PM2.5" or "면적[㎡]" would show empty. Once DataTables has set its columns up (preInit,
 * before the first rows are fetched), such a column reads its own key instead, through the
 * column's render function as before. */
$(document).on('preInit.dt', function (event, settings) {
  settings.aoColumns.forEach(function (column) {
    var key = column.mData
    if (typeof key !== 'string' || !/[.[\]()]/.test(key)) {
      return
    }
    var render = column.mRender
    if (render && typeof render !== 'function') {
      return // an orthogonal render object: left to DataTables
    }
    column.fnGetData = function (row, type, meta) {
      var value = row[key]
      return render && type ? render(value, type, row, meta) : value
    }
  })
})
