import i18next from 'i18next';

// Texts of the situation reports screen (namespace `analysisReports`), in both languages.
const en = {
  title: 'Situation reports',
  onDemand: 'Report on demand',
  period: 'Period',
  week: 'Week (7 days ending on the date)',
  month: 'Month (up to the date)',
  weekly: 'weekly',
  monthly: 'monthly',
  asOf: 'Last day',
  jurisdiction: 'Jurisdiction path (empty = all in scope)',
  timeZone: 'Time zone',
  language: 'Language',
  openPdf: 'Open PDF',
  openHtml: 'Open HTML',
  schedules: 'Scheduled reports',
  schedule: 'Add schedule',
  unschedule: 'Stop',
  noSchedules: 'No scheduled reports.',
  archive: 'Archive',
  noReports: 'No archived reports yet. A scheduled report is produced after its week or month ends.',
  covered: 'Covered',
  total: 'Incidents',
  generated: 'Generated',
  all: 'all',
};

const zh: typeof en = {
  title: '态势报告',
  onDemand: '即时报告',
  period: '时段',
  week: '周（截至该日的 7 天）',
  month: '月（截至该日）',
  weekly: '每周',
  monthly: '每月',
  asOf: '截止日期',
  jurisdiction: '辖区路径（留空 = 权限内全部）',
  timeZone: '时区',
  language: '语言',
  openPdf: '打开 PDF',
  openHtml: '打开 HTML',
  schedules: '定期报告',
  schedule: '添加定期报告',
  unschedule: '停止',
  noSchedules: '暂无定期报告。',
  archive: '报告归档',
  noReports: '暂无归档报告。定期报告在每周或每月结束后生成。',
  covered: '覆盖时段',
  total: '事件数',
  generated: '生成时间',
  all: '全部',
};

i18next.addResourceBundle('en', 'analysisReports', en, true, true);
i18next.addResourceBundle('zh-CN', 'analysisReports', zh, true, true);
