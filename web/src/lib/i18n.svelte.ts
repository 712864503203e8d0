/**
 * The interface in Chinese or English: the choice is remembered in the browser, and the first
 * visit follows the browser's language.
 */
export type Locale = 'zh' | 'en';

const MESSAGES = {
  en: {
    appName: 'Async Lab',
    catalogue: 'Exercises',
    classes: 'Classes',
    logIn: 'Log in',
    logOut: 'Log out',
    signUp: 'Sign up',
    email: 'Email',
    name: 'Name',
    password: 'Password',
    language: 'Language',
    notStarted: 'not started',
    tried: 'tried',
    passed: 'passed',
    attempts: 'attempts',
    run: 'Run',
    submit: 'Submit',
    running: 'Running…',
    grading: 'Grading…',
    output: 'Output',
    diagnostics: 'Diagnostics',
    verdict: 'Verdict',
    score: 'Score',
    hint: 'Hint',
    expected: 'expected',
    actual: 'yours',
    firstDivergence: 'first difference',
    timeline: 'Timeline',
    yourRun: 'Your run',
    reference: 'Reference',
    history: 'Your attempts',
    prompt: 'Task',
    joinClass: 'Join a class',
    joinCode: 'Join code',
    join: 'Join',
    due: 'due',
    noAccount: 'No account yet?',
    haveAccount: 'Already have an account?',
    simulated: 'simulated',
    elapsed: 'elapsed',
    status: 'status',
    prediction: 'Your prediction: one line per output, "<seconds> <text>"',
    answers: 'Answers',
    loading: 'Loading…',
    mustLogIn: 'Log in to run and submit.',
    className: 'Class name',
    createClass: 'Create class',
    members: 'members',
    progress: 'Progress',
    exercise: 'Exercise',
    assign: 'Assign',
    downloadCsv: 'Download CSV',
    byExercise: 'By exercise',
    passRate: 'Pass rate',
    medianAttempts: 'Median attempts',
    mistakes: 'Mistakes',
    learners: 'Learners',
  },
  zh: {
    appName: 'Async Lab',
    catalogue: '练习',
    classes: '班级',
    logIn: '登录',
    logOut: '退出',
    signUp: '注册',
    email: '邮箱',
    name: '姓名',
    password: '密码',
    language: '语言',
    notStarted: '未开始',
    tried: '已尝试',
    passed: '已通过',
    attempts: '次提交',
    run: '运行',
    submit: '提交',
    running: '运行中…',
    grading: '评分中…',
    output: '输出',
    diagnostics: '诊断',
    verdict: '结果',
    score: '得分',
    hint: '提示',
    expected: '期望',
    actual: '你的',
    firstDivergence: '第一处不同',
    timeline: '时间线',
    yourRun: '你的运行',
    reference: '参考答案',
    history: '提交记录',
    prompt: '题目',
    joinClass: '加入班级',
    joinCode: '班级码',
    join: '加入',
    due: '截止',
    noAccount: '还没有账号？',
    haveAccount: '已有账号？',
    simulated: '模拟',
    elapsed: '用时',
    status: '状态',
    prediction: '你的预测：每行一条输出，格式为 “<秒> <文本>”',
    answers: '答案',
    loading: '加载中…',
    mustLogIn: '登录后才能运行和提交。',
    className: '班级名称',
    createClass: '创建班级',
    members: '名成员',
    progress: '进度',
    exercise: '练习',
    assign: '布置',
    downloadCsv: '下载 CSV',
    byExercise: '按练习',
    passRate: '通过率',
    medianAttempts: '提交次数中位数',
    mistakes: '常见错误',
    learners: '学员',
  },
} as const;

export type MessageKey = keyof (typeof MESSAGES)['en'];

const STORAGE_KEY = 'asynclab.locale';

function initialLocale(): Locale {
  if (typeof localStorage === 'undefined') return 'en';
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'zh' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

class I18n {
  locale = $state<Locale>(initialLocale());

  set(locale: Locale): void {
    this.locale = locale;
    localStorage.setItem(STORAGE_KEY, locale);
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  }

  /** An interface string in the current language. */
  t = (key: MessageKey): string => MESSAGES[this.locale][key];

  /** A course text that comes in both languages. */
  pick = (text: { zh: string; en: string }): string => text[this.locale];
}

export const i18n = new I18n();
