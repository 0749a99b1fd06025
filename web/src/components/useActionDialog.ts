// The state behind a confirmation dialog that runs one of several actions
// (AppActionDialog): which action is open, whether it is running, and the
// server's message and field errors from the last try.
import { reactive } from 'vue'
import { ApiError } from '../api/client'

export interface ActionDialog<A extends string> {
  /** The open action; null when the dialog is closed. */
  action: A | null
  busy: boolean
  error: string
  fieldErrors: Record<string, string>
  /**
   * The success message of the last confirmed action, set only once
   * `afterwards` has finished, so it never shows beside stale data.
   */
  notice: string
  /** Opens the dialog for the action, with no message left from before. */
  open(action: A): void
  close(): void
  /**
   * Runs the confirmed action. When `work` answers false the dialog stays
   * open; otherwise it closes, `afterwards` runs (e.g. a reload) and a
   * string answer becomes the notice. An ApiError's message and field
   * errors are shown in the dialog.
   */
  run(work: () => Promise<boolean | string | void>, afterwards?: () => Promise<void>): Promise<void>
}

export function useActionDialog<A extends string>(): ActionDialog<A> {
  const state: ActionDialog<A> = reactive({
    action: null,
    busy: false,
    error: '',
    fieldErrors: {},
    notice: '',
    open(action: A) {
      state.action = action
      state.error = ''
      state.fieldErrors = {}
    },
    close() {
      state.action = null
    },
    async run(work: () => Promise<boolean | string | void>, afterwards?: () => Promise<void>) {
      state.busy = true
      state.error = ''
      state.fieldErrors = {}
      try {
        const result = await work()
        if (result === false) return
        state.action = null
        state.notice = ''
        await afterwards?.()
        if (typeof result === 'string') state.notice = result
      } catch (e) {
        if (e instanceof ApiError) {
          state.fieldErrors = { ...e.fields }
          state.error = e.message
        } else {
          state.error = '処理できませんでした。'
        }
      } finally {
        state.busy = false
      }
    },
  }) as ActionDialog<A>
  return state
}
