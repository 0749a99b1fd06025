// Plain user text with its line breaks kept (CSS pre-wrap) and URLs as links.
// Built from text nodes and <a> elements: user text is never HTML.
import { defineComponent, h, type PropType } from 'vue'
import { linkify } from './linkify'

export default defineComponent({
  name: 'PostText',
  props: {
    text: { type: String, required: true },
    tag: { type: String as PropType<'p' | 'div'>, default: 'div' },
  },
  setup(props) {
    return () =>
      h(
        props.tag,
        { class: 'post-text' },
        linkify(props.text).map((part) =>
          part.kind === 'text'
            ? part.text
            : h('a', { href: part.href, target: '_blank', rel: 'noopener noreferrer', class: 'break' }, part.text),
        ),
      )
  },
})
