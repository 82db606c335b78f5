/**
 * 工单收件箱: the viewer's tabs with counts (GET /work-orders/inbox), filters, search, sort, paging by
 * cursor; overdue rows highlighted with a live SLA countdown from the server's clock; refreshed live
 * when an order the viewer can see changes (`work-order-changed` on /softphone).
 */
import { Alert, Button, Card, Input, Select, Space, Table, Tabs, Tag } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { SearchSnippet } from '../../components/search-snippet';
import { hasRole } from '../../core';
import { useSocket } from '../../hooks/use-socket';
import { useLanguage } from '../../language';
import type { TextKey } from '../../locales';
import type { InboxPage, WorkOrder } from './data';
import { desk, displayPhone, slaLeft, useCauses } from './service';

const STATUSES = ['new', 'assigned', 'in_progress', 'solution_proposed', 'escalated', 'reopened', 'closed'];
const SEVERITIES = ['normal', 'urgent', 'major'];
const SORTS = ['newest', 'oldest', 'due', 'updated'];
/** A text search lists the best matches first (the server's default for it). */
const SEARCH_SORTS = [...SORTS, 'relevance'];

export function Inbox() {
  const { t } = useLanguage();
  const tx = (key: string) => t(key as TextKey);
  const { categoryLabel } = useCauses();
  const [tab, setTab] = useState<string | undefined>();
  const [filters, setFilters] = useState<{ status?: string; severity?: string; sort?: string; q?: string }>({});
  const [page, setPage] = useState<InboxPage | null>(null);
  const [items, setItems] = useState<WorkOrder[]>([]);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const skew = useRef(0); // server clock − browser clock
  const [, setTick] = useState(0);

  const load = useCallback(
    async (cursor?: string) => {
      setLoading(true);
      try {
        const next = await desk.inbox({ tab, ...filters, cursor });
        skew.current = new Date(next.now).getTime() - Date.now();
        setPage(next);
        setItems((before) => (cursor ? [...before, ...next.items] : next.items));
        setError('');
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setLoading(false);
      }
    },
    [tab, filters],
  );

  useEffect(() => void load(), [load]);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  useSocket({ 'work-order-changed': () => void load() });

  const now = Date.now() + skew.current;
  return (
    <Card
      title={t('woInbox')}
      data-testid="wo-inbox"
      data-loaded={page ? 'true' : 'false'}
      extra={
        <Space>
          <a href="#/work-orders/customers" data-testid="wo-open-customers">
            {t('woCustomers')}
          </a>
          {/* Quality monitors audit orders; they file none (POST /work-orders is for agents, supervisors and terminal staff). */}
          {hasRole('agent', 'supervisor', 'terminal') && (
            <Button type="primary" href="#/work-orders/new" data-testid="wo-new">
              {t('woNew')}
            </Button>
          )}
        </Space>
      }
    >
      <Tabs
        activeKey={page?.tab}
        onChange={setTab}
        data-testid="wo-tabs"
        items={(page?.tabs ?? []).map((x) => ({
          key: x.key,
          label: (
            <span data-testid={`wo-tab-${x.key}`}>
              {tx(`tab_${x.key}`)} <Tag data-testid={`wo-tab-count-${x.key}`}>{x.count}</Tag>
            </span>
          ),
        }))}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('woSearch')}
          style={{ width: 280 }}
          data-testid="wo-search"
          // A new search starts with its best matches first; clearing it goes back to the tab's own order.
          onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined, sort: f.sort === 'relevance' ? undefined : f.sort }))}
        />
        <Select
          allowClear
          placeholder={t('woFilterStatus')}
          style={{ width: 150 }}
          data-testid="wo-filter-status"
          value={filters.status}
          options={STATUSES.map((s) => ({ value: s, label: tx(`status_${s}`) }))}
          onChange={(status) => setFilters((f) => ({ ...f, status }))}
        />
        <Select
          allowClear
          placeholder={t('woFilterSeverity')}
          style={{ width: 120 }}
          data-testid="wo-filter-severity"
          value={filters.severity}
          options={SEVERITIES.map((s) => ({ value: s, label: tx(`severity_${s}`) }))}
          onChange={(severity) => setFilters((f) => ({ ...f, severity }))}
        />
        <Select
          placeholder={t('woSort')}
          style={{ width: 140 }}
          data-testid="wo-sort"
          value={filters.sort ?? page?.sort}
          options={(filters.q ? SEARCH_SORTS : SORTS).map((s) => ({ value: s, label: tx(`sort_${s}`) }))}
          onChange={(sort) => setFilters((f) => ({ ...f, sort }))}
        />
      </Space>
      {error && <Alert type="error" message={error} data-testid="wo-error" style={{ marginBottom: 12 }} />}
      <Table<WorkOrder>
        rowKey="number"
        size="small"
        pagination={false}
        loading={loading}
        dataSource={items}
        rowClassName={(o) => (o.overdue ? 'wo-overdue' : '')}
        onRow={(o) =>
          ({
            'data-testid': 'wo-row',
            'data-number': o.number,
            'data-overdue': String(o.overdue),
            onClick: () => (location.hash = `#/work-orders/${o.number}`),
            style: { cursor: 'pointer' },
          }) as never
        }
        columns={[
          {
            title: t('woNumber'),
            dataIndex: 'number',
            render: (n: string) => (
              <a href={`#/work-orders/${n}`} data-testid="wo-row-number">
                {n}
              </a>
            ),
          },
          { title: t('woStatus'), dataIndex: 'status', render: (s: string) => <Tag data-testid="wo-row-status">{tx(`status_${s}`)}</Tag> },
          {
            title: t('woSeverity'),
            dataIndex: 'severity',
            render: (s: string) => <Tag color={s === 'major' ? 'red' : s === 'urgent' ? 'orange' : undefined}>{tx(`severity_${s}`)}</Tag>,
          },
          {
            title: t('woCustomer'),
            render: (_: unknown, o) => (
              <span>
                <span translate="no">{o.customer.name ?? ''}</span>{' '}
                <span data-testid="wo-row-phone" translate="no">
                  {displayPhone(o.customer.phone)}
                </span>
              </span>
            ),
          },
          {
            title: t('woCategory'),
            dataIndex: 'category',
            render: (c: string) => (
              <span data-testid="wo-row-category" data-category={c}>
                {categoryLabel(c)}
              </span>
            ),
          },
          ...(filters.q
            ? [
                {
                  title: t('woMatch'),
                  render: (_: unknown, o: WorkOrder) => (o.match ? <SearchSnippet match={o.match} label={tx(`match_${o.match.field}`)} /> : '—'),
                },
              ]
            : []),
          { title: t('woUnit'), render: (_: unknown, o) => <span translate="no">{o.unit ? o.unit.code : '—'}</span> },
          {
            title: t('woSla'),
            render: (_: unknown, o) => {
              if (o.status === 'closed') return '—';
              const left = new Date(o.dueAt).getTime() - now;
              return (
                <span data-testid="wo-row-sla" style={{ color: left < 0 ? '#cf1322' : left < 4 * 3600_000 ? '#d46b08' : undefined }}>
                  {left < 0 ? t('woOverdueBy').replace('{t}', slaLeft(left, t)) : slaLeft(left, t)}
                </span>
              );
            },
          },
        ]}
      />
      {page?.nextCursor && (
        <Button style={{ marginTop: 12 }} data-testid="wo-more" onClick={() => void load(page.nextCursor!)}>
          {t('woMore')}
        </Button>
      )}
    </Card>
  );
}
