import { createApp } from 'vue'
import App from './App.vue'
import { ApiClient } from './api/client'
import { apiKey } from './api/useApi'
import { createAppRouter } from './router'
import { createSessionStore, sessionKey } from './features/session/sessionStore'
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

createApp(App).provide(apiKey, api).provide(sessionKey, session).use(router).mount('#app')
