// Plain user text with the searched words in <mark>, line breaks kept (CSS
// pre-wrap) and URLs as links. Built from text nodes, <mark> and <a>
// elements: user text is never HTML.
import { defineComponent, h, type VNode } from 'vue'
import { linkify } from '../notebook/linkify'
import { highlight } from './highlight'

export default defineComponent({
  name: 'HighlightedText',
  props: {
    text: { type: String, required: true },
    query: { type: String, required: true },
    /** Off for a cut excerpt, where a URL may have lost its end. */
    links: { type: Boolean, default: true },
  },
  setup(props) {
    const marked = (text: string): (VNode | string)[] =>
      highlight(text, props.query).map((part) =>
        part.match ? h('mark', { class: 'search-mark' }, part.text) : part.text,
      )
    return () =>
      h(
        'div',
        { class: 'post-text' },
        (props.links ? linkify(props.text) : [{ kind: 'text' as const, text: props.text }]).flatMap((part) =>
          part.kind === 'text'
            ? marked(part.text)
            : [h('a', { href: part.href, target: '_blank', rel: 'noopener noreferrer', class: 'break' }, marked(part.text))],
        ),
      )
  },
})
