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
  /** Opens the dialog for the action, with no message left from before. */
  open(action: A): void
  close(): void
  /**
   * Runs the confirmed action. When `work` answers false the dialog stays
   * open; otherwise it closes and `afterwards` runs (e.g. a reload). An
   * ApiError's message and field errors are shown in the dialog.
   */
  run(work: () => Promise<boolean | void>, afterwards?: () => Promise<void>): Promise<void>
}

export function useActionDialog<A extends string>(): ActionDialog<A> {
  const state: ActionDialog<A> = reactive({
    action: null,
    busy: false,
    error: '',
    fieldErrors: {},
    open(action: A) {
      state.action = action
      state.error = ''
      state.fieldErrors = {}
    },
    close() {
      state.action = null
    },
    async run(work: () => Promise<boolean | void>, afterwards?: () => Promise<void>) {
      state.busy = true
      state.error = ''
      state.fieldErrors = {}
      try {
        if ((await work()) === false) return
        state.action = null
        await afterwards?.()
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
