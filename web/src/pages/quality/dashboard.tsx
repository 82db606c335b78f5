/**
 * Quality dashboard (服务监管看板): complaints by terminal per day, terminals, top units and causes, open
 * alerts (new and escalated ones arrive live as `quality-alert`) and capacity warnings with the coming
 * days' bookings against capacity. Charts by Chart.js (charts.ts) on canvases React leaves alone.
 */
import { Button, Card, Col, DatePicker, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, query, type TextKey } from '../../core';
import { useSocket } from '../../hooks/use-socket';
import { useLanguage } from '../../language';
import { barChart, TERMINAL_COLOURS } from './charts';
import { addDays, causeLabel, change, dateTime, num, pct, terminalLabel } from './format';
import type { components } from '../../services/api-types';

type QualityAlert = components['schemas']['QualityAlertViewDto'];
type QualityDashboard = components['schemas']['QualityDashboardView'];
type UnitDayCapacity = components['schemas']['UnitDayCapacityDto'];
import { VolumeImport } from './volume-import';
import { AlertText } from './alert-text';

/** How far ahead the capacity table looks, from the day after the dashboard's last day. */
const CAPACITY_DAYS = 7;

type TerminalRow = QualityDashboard['terminals'][number];
type UnitRow = QualityDashboard['topUnits'][number];
type CauseRow = QualityDashboard['topCauses'][number];

const cell = (testid: string) => () => ({ 'data-testid': testid }) as never;

/** A Chart.js bar chart on a canvas, redrawn when its figures change; its figures also as the canvas's fallback table. */
function BarChart({ testid, draw, deps }: { testid: string; draw: (canvas: HTMLCanvasElement) => { destroy(): void } | null; deps: unknown[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = draw(canvas.current!);
    return () => chart?.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the chart shows (deps); draw is a new function each render
  }, deps);
  return <canvas ref={canvas} data-testid={testid} />;
}

export function DashboardPage() {
  const { t, lang } = useLanguage();
  const [days, setDays] = useState(30);
  const [to, setTo] = useState('');
  const [dashboard, setDashboard] = useState<QualityDashboard | null>(null);
  const [alerts, setAlerts] = useState<QualityAlert[]>([]);
  const [capacity, setCapacity] = useState<UnitDayCapacity[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState(false);

  const refresh = useCallback(async () => {
    setBusy(true);
    setError('');
    try {
      const d = await api<QualityDashboard>('GET', `/quality/dashboard${query({ days, to })}`);
      const coming = Array.from({ length: CAPACITY_DAYS }, (_, i) => addDays(d.to, i + 1));
      const [open, loads] = await Promise.all([
        api<QualityAlert[]>('GET', '/quality/alerts?status=open'),
        api<UnitDayCapacity[]>('GET', `/quality/capacity${query({ from: coming[0], to: coming[coming.length - 1] })}`),
      ]);
      setDashboard(d);
      setAlerts(open);
      setCapacity(loads);
      setLoaded(true);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }, [days, to]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- once: later loads are the user's (查询), not each edit of the filters
  useEffect(() => void refresh(), []);
  useSocket({ 'quality-alert': (a: QualityAlert) => setAlerts((shown) => [a, ...shown.filter((x) => x.id !== a.id)]) });

  const acknowledge = async (id: number) => {
    try {
      await api('POST', `/quality/alerts/${id}/acknowledge`, {});
      setAlerts((shown) => shown.filter((x) => x.id !== id));
    } catch (e) {
      setError((e as Error).message); // api() words it already (services/errors.ts)
    }
  };

  const d = dashboard;
  const terminalColumns: ColumnsType<TerminalRow> = [
    { title: t('qTerminal'), key: 'terminal', render: (_, x) => terminalLabel(x.terminal) },
    { title: t('qComplaints'), key: 'c', render: (_, x) => num(x.complaints), onCell: cell('complaints') },
    { title: t('qPreviousPeriod'), key: 'pp', render: (_, x) => change(x.change.previousPeriod), onCell: cell('previous-period') },
    { title: t('qPreviousWeek'), key: 'pw', render: (_, x) => change(x.change.previousWeek), onCell: cell('previous-week') },
    { title: t('qClosed'), key: 'closed', render: (_, x) => num(x.closed), onCell: cell('closed') },
    { title: t('qAvgResolutionHours'), key: 'hours', render: (_, x) => num(x.avgResolutionHours), onCell: cell('avg-resolution-hours') },
    { title: t('qSlaKeptPct'), key: 'sla', render: (_, x) => pct(x.slaKeptPct), onCell: cell('sla-kept-pct') },
    { title: t('qReopenRatePct'), key: 'reopen', render: (_, x) => pct(x.reopenRatePct), onCell: cell('reopen-rate-pct') },
    { title: t('qSatisfaction'), key: 'sat', render: (_, x) => num(x.satisfactionAvg), onCell: cell('satisfaction') },
  ];
  const unitColumns: ColumnsType<UnitRow> = [
    { title: t('qTerminal'), key: 'terminal', render: (_, u) => terminalLabel(u.terminal), onCell: () => ({ style: { whiteSpace: 'nowrap' } }) as never },
    { title: t('qUnit'), key: 'unit', render: (_, u) => (u.code ? <span translate="no">{`${u.code} ${u.name}`}</span> : t('qNoUnit')) },
    { title: t('qComplaints'), key: 'c', render: (_, u) => num(u.complaints), onCell: cell('complaints') },
    { title: t('qPreviousPeriod'), key: 'pp', render: (_, u) => change(u.change.previousPeriod), onCell: cell('previous-period') },
    { title: t('qRatePer1000'), key: 'rate', render: (_, u) => num(u.ratePer1000), onCell: cell('rate-per-1000') },
  ];
  const causeColumns: ColumnsType<CauseRow> = [
    { title: t('qCause'), key: 'cause', render: (_, c) => causeLabel(c) },
    { title: t('qComplaints'), key: 'c', render: (_, c) => num(c.complaints), onCell: cell('complaints') },
    { title: t('qShare'), key: 'share', render: (_, c) => pct(c.share), onCell: cell('share') },
  ];

  const alertRow = (a: QualityAlert) => (
    <div key={a.id} className={`alert level-${a.level}`} data-testid={`alert-${a.id}`}>
      <Tag>{t(`qLevel_${a.level}` as TextKey)}</Tag>{' '}
      <span data-testid="alert-message">
        <AlertText alert={a} />
      </span>{' '}
      <Typography.Text type="secondary">{dateTime(a.raisedAt)}</Typography.Text>{' '}
      <Button size="small" data-testid={`alert-ack-${a.id}`} onClick={() => void acknowledge(a.id)}>
        {t('qAcknowledge')}
      </Button>
    </div>
  );
  const hotSpots = alerts.filter((a) => a.type !== 'capacity');
  const warnings = alerts.filter((a) => a.type === 'capacity');
  const warned = new Set(warnings.map((a) => `${a.unitId}/${String(a.figures.day)}`));
  const capacityDays = d ? Array.from({ length: CAPACITY_DAYS }, (_, i) => addDays(d.to, i + 1)) : [];
  const units = [...new Map(capacity.map((c) => [c.unitId, c])).values()];
  const capacityCell = (c: UnitDayCapacity | undefined, day: string) => {
    if (!c) return <td key={day} />;
    const load = c.capacity && c.bookedDeliveries !== null ? Math.round((100 * c.bookedDeliveries) / c.capacity) : null;
    const over = load !== null && load > 100;
    return (
      <td key={day} data-testid={`capacity-${c.unitCode}-${c.date}`} className={over ? 'late' : warned.has(`${c.unitId}/${c.date}`) ? 'warn' : undefined}>
        {`${num(c.bookedDeliveries)} / ${num(c.capacity)}`}
        {load === null ? null : <span className="muted">{` ${load}%`}</span>}
      </td>
    );
  };
  const shownTerminals = d ? d.terminals.map((x) => x.terminal).filter((x) => d.series[x]?.some((n) => n > 0)) : [];
  const totals: [TextKey, string, string][] = d
    ? [
        ['qComplaints', 'complaints', num(d.totals.complaints)],
        ['qClosed', 'closed', num(d.totals.closed)],
        ['qSlaKeptPct', 'sla-kept-pct', pct(d.totals.slaKeptPct)],
        ['qReopenRatePct', 'reopen-rate-pct', pct(d.totals.reopenRatePct)],
        ['qSatisfaction', 'satisfaction', num(d.totals.satisfactionAvg)],
        ['qClaimsPaid', 'claims-paid', num(d.totals.claimsPaid)],
      ]
    : [];

  return (
    <Space
      direction="vertical"
      size={16}
      style={{ width: '100%' }}
      className="quality-dashboard"
      data-testid="quality-page-dashboard"
      data-loaded={loaded ? 'true' : undefined}
    >
      <Card
        title={t('qDashboard')}
        extra={
          <Typography.Text type="secondary" data-testid="dashboard-period">
            {d ? `${d.from} – ${d.to}` : ''}
          </Typography.Text>
        }
      >
        <Space wrap>
          <span>{t('qDaysShown')}</span>
          <Select
            data-testid="dashboard-days"
            value={days}
            onChange={setDays}
            style={{ width: 100 }}
            options={[7, 14, 30, 60, 90].map((n) => ({ value: n, label: `${n} ${t('qDays')}` }))}
          />
          <span>{t('qLastDay')}</span>
          {/* Empty: up to today (the server's site day). The calendar speaks the page's language (locales/index.ts sets dayjs's). */}
          <DatePicker
            data-testid="dashboard-to"
            value={to ? dayjs(to) : null}
            onChange={(day) => setTo(day ? day.format('YYYY-MM-DD') : '')}
            placeholder={t('qToday')}
            style={{ width: 170 }}
          />
          <Button type="primary" data-testid="dashboard-load" loading={busy} onClick={() => void refresh()}>
            {t('qShow')}
          </Button>
        </Space>
        <div>
          <Typography.Text type="danger" data-testid="dashboard-error">
            {error}
          </Typography.Text>
        </div>
        <Row gutter={24} data-testid="dashboard-totals">
          {totals.map(([label, id, value]) => (
            <Col key={id}>
              <Statistic title={t(label)} valueRender={() => <b data-testid={`dashboard-total-${id}`}>{value}</b>} />
            </Col>
          ))}
        </Row>
      </Card>
      <Card title={t('qComplaintsByTerminal')}>
        <div className="chart">
          <BarChart
            testid="dashboard-chart"
            deps={[d, lang]}
            draw={(canvas) =>
              d &&
              barChart(
                canvas,
                d.dates.map((x) => x.slice(5)),
                shownTerminals.map((x) => ({ key: x, label: terminalLabel(x), data: d.series[x], colour: TERMINAL_COLOURS[x] })),
                { stacked: true, title: t('qComplaintsByTerminal') },
              )
            }
          />
        </div>
      </Card>
      <Card title={t('qTerminals')}>
        <Table<TerminalRow>
          rowKey="terminal"
          size="small"
          pagination={false}
          dataSource={d?.terminals ?? []}
          columns={terminalColumns}
          onRow={(x) => ({ 'data-testid': `dashboard-terminal-${x.terminal}` }) as never}
        />
      </Card>
      <Row gutter={16}>
        <Col span={12}>
          <Card title={t('qTopUnits')}>
            <Table<UnitRow>
              rowKey={(u) => `${u.terminal}-${u.code ?? 'none'}`}
              size="small"
              pagination={false}
              dataSource={d?.topUnits ?? []}
              columns={unitColumns}
              onRow={(u) => ({ 'data-testid': `dashboard-unit-${u.terminal}-${u.code ?? 'none'}` }) as never}
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card title={t('qTopCauses')}>
            <div className="chart small">
              <BarChart
                testid="dashboard-causes-chart"
                deps={[d, lang]}
                draw={(canvas) =>
                  d &&
                  barChart(canvas, d.topCauses.map(causeLabel), [{ key: 'complaints', label: t('qComplaints'), data: d.topCauses.map((c) => c.complaints) }], {
                    horizontal: true,
                    title: t('qTopCauses'),
                  })
                }
              />
            </div>
            <Table<CauseRow>
              rowKey="cause"
              size="small"
              pagination={false}
              dataSource={d?.topCauses ?? []}
              columns={causeColumns}
              onRow={(c) => ({ 'data-testid': `dashboard-cause-${c.cause}` }) as never}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Card title={t('qOpenAlerts')}>
            <div data-testid="dashboard-alerts">
              {hotSpots.length ? hotSpots.map(alertRow) : <Typography.Text type="secondary">{t('qNoAlerts')}</Typography.Text>}
            </div>
          </Card>
        </Col>
        <Col span={12}>
          <Card title={t('qCapacityWarnings')}>
            <div data-testid="dashboard-capacity-alerts">
              {warnings.length ? warnings.map(alertRow) : <Typography.Text type="secondary">{t('qNoAlerts')}</Typography.Text>}
            </div>
            <table data-testid="dashboard-capacity" className="capacity">
              <thead>
                <tr>
                  <th>{t('qUnit')}</th>
                  {capacityDays.map((day) => (
                    <th key={day}>{day.slice(5)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {units.map((u) => (
                  <tr key={u.unitId}>
                    <td translate="no">{`${u.unitCode} ${u.unitName}`}</td>
                    {capacityDays.map((day) =>
                      capacityCell(
                        capacity.find((c) => c.unitId === u.unitId && c.date === day),
                        day,
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </Col>
      </Row>
      <VolumeImport onImported={() => void refresh()} />
    </Space>
  );
}
