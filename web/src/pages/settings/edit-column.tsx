import { Button } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { TextKey } from '../../core';

/** The settings tables' last column: an 编辑 button per row, for those who may edit (none for the others). */
export function editColumns<Row>(canEdit: boolean, t: (key: TextKey) => string, testid: string, onEdit: (row: Row) => void, width = 90): ColumnType<Row>[] {
  if (!canEdit) return [];
  return [
    {
      title: t('setActions'),
      width,
      render: (_: unknown, row: Row) => (
        <Button size="small" data-testid={testid} onClick={() => onEdit(row)}>
          {t('setEdit')}
        </Button>
      ),
    },
  ];
}
