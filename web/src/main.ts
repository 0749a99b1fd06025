import { createApp, watch } from 'vue'
import App from './App.vue'
import { ApiClient } from './api/client'
import { apiKey } from './api/useApi'
import { createAppRouter } from './router'
import { createSessionStore, sessionKey } from './features/session/sessionStore'
import { setLiveRefusedHandler, startLiveUpdates, stopLiveUpdates } from './features/live/useLiveUpdates'
import './styles.css'

const api = new ApiClient()
const session = createSessionStore(api)
const router = createAppRouter(session)

// 401 and the enrolment lock are handled here, once, for every request.
api.onUnauthenticated = () => {
  session.forget()
  const current = router.currentRoute.value
  if (!current.meta.public) {
    void router.push({ name: 'sign-in', query: { redirect: current.fullPath } })
  }
}
api.onEnrolmentRequired = () => {
  void router.push({ name: 'profile' })
}

// The live connection keeps failing: maybe the session is gone. Asking the
// API says so (401 → onUnauthenticated above → signed out → retries stop).
setLiveRefusedHandler((failures) => {
  if (failures === 2 || failures % 10 === 0) void api.get('/api/v1/session').catch(() => undefined)
})

// One live-updates connection per tab while someone is signed in (and not
// locked to the TOTP enrolment or a temporary password's change, which the
// server refuses with 403).
watch(
  () =>
    session.state.user && !session.state.totpEnrolmentRequired && !session.state.user.must_change_password
      ? session.state.user.id
      : null,
  (userId, previous) => {
    if (previous) stopLiveUpdates()
    if (userId) startLiveUpdates()
  },
  { immediate: true },
)

createApp(App).provide(apiKey, api).provide(sessionKey, session).use(router).mount('#app')
