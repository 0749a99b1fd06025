import { createRouter, createWebHistory, type Router } from 'vue-router'
import type { SessionStore } from '../features/session/sessionStore'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** Only for signed-out visitors (sign-in); signed-in users go home. */
    guestOnly?: boolean
    /** Region or system administrators only. */
    admin?: boolean
    /** Page title, shown in the tab. */
    title?: string
    /** Shown without the app header (the printable views). */
    bare?: boolean
  }
}

export function createAppRouter(session: SessionStore): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      {
        path: '/',
        name: 'home',
        component: () => import('../features/home/HomePage.vue'),
        meta: { title: 'ホーム' },
      },
      {
        path: '/sign-in',
        name: 'sign-in',
        component: () => import('../features/session/SignInPage.vue'),
        meta: { public: true, guestOnly: true, title: 'サインイン' },
      },
      {
        path: '/apply',
        name: 'apply',
        component: () => import('../features/registrations/ApplyPage.vue'),
        meta: { public: true, title: '利用申請' },
      },
      {
        path: '/profile',
        name: 'profile',
        component: () => import('../features/profile/ProfilePage.vue'),
        meta: { title: 'プロフィール' },
      },
      {
        path: '/search',
        name: 'search',
        component: () => import('../features/search/SearchPage.vue'),
        meta: { title: '連絡帳の検索' },
      },
      {
        path: '/admin/registrations',
        name: 'approval-queue',
        component: () => import('../features/registrations/ApprovalQueuePage.vue'),
        meta: { admin: true, title: '利用申請の承認' },
      },
      {
        path: '/admin/kpi',
        name: 'kpi-dashboard',
        component: () => import('../features/kpi/KpiDashboardPage.vue'),
        meta: { admin: true, title: 'KPIダッシュボード' },
      },
      {
        path: '/admin/audit',
        name: 'audit-log',
        component: () => import('../features/audit/AuditLogPage.vue'),
        meta: { admin: true, title: '監査ログ' },
      },
      {
        path: '/admin/import',
        name: 'csv-import',
        component: () => import('../features/imports/CsvImportPage.vue'),
        meta: { admin: true, title: 'CSV取込' },
      },
      {
        path: '/admin/users',
        name: 'users-admin',
        component: () => import('../features/admin/UserListPage.vue'),
        meta: { admin: true, title: '職員の管理' },
      },
      {
        path: '/admin/users/:id',
        name: 'user-admin',
        component: () => import('../features/admin/UserDetailPage.vue'),
        meta: { admin: true, title: '職員の詳細' },
      },
      {
        path: '/admin/organizations',
        name: 'organizations-admin',
        component: () => import('../features/admin/OrganizationListPage.vue'),
        meta: { admin: true, title: '事業所の管理' },
      },
      {
        path: '/admin/surveys',
        name: 'surveys-admin',
        component: () => import('../features/surveys/SurveyAdminPage.vue'),
        meta: { admin: true, title: '満足度アンケート' },
      },
      {
        path: '/admin/surveys/:id/results',
        name: 'survey-results',
        component: () => import('../features/surveys/SurveyResultsPage.vue'),
        meta: { admin: true, title: 'アンケート結果' },
      },
      {
        path: '/surveys/:id',
        name: 'survey-answer',
        component: () => import('../features/surveys/SurveyAnswerPage.vue'),
        meta: { title: 'アンケートに回答' },
      },
      {
        path: '/patients/new',
        name: 'patient-register',
        component: () => import('../features/patients/PatientRegisterPage.vue'),
        meta: { title: '利用者の登録' },
      },
      {
        path: '/patients/:id/print',
        name: 'patient-print',
        component: () => import('../features/print/PatientPrintPage.vue'),
        meta: { title: '連絡帳の印刷', bare: true },
      },
      {
        path: '/patients/:id',
        name: 'patient',
        component: () => import('../features/patients/PatientPage.vue'),
        meta: { title: '利用者' },
      },
      { path: '/:rest(.*)*', redirect: '/' },
    ],
  })

  router.beforeEach(async (to) => {
    await session.restore()
    const user = session.state.user
    if (!user) {
      return to.meta.public ? true : { name: 'sign-in', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
    }
    if (to.meta.guestOnly) return { name: 'home' }
    // Until the second factor is enrolled (or a temporary password replaced)
    // the server answers nothing else, so neither does the UI.
    if ((session.state.totpEnrolmentRequired || user.must_change_password) && to.name !== 'profile') {
      return { name: 'profile' }
    }
    if (to.meta.admin && !session.isAdmin.value) return { name: 'home' }
    return true
  })

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} | つなぐ` : 'つなぐ'
  })

  return router
}
