// File inputs inside a <label class="drop"> also take files dropped on the label.

/** Lets files dropped on the input's label reach the input, as if chosen. */
export function acceptDrops(input: HTMLInputElement): void {
  const zone = input.closest('label')!
  zone.addEventListener('dragover', (event) => {
    event.preventDefault()
    zone.classList.add('over')
  })
  zone.addEventListener('dragleave', () => zone.classList.remove('over'))
  zone.addEventListener('drop', (event) => {
    event.preventDefault()
    zone.classList.remove('over')
    if (event.dataTransfer?.files.length) {
      input.files = event.dataTransfer.files
      input.dispatchEvent(new Event('change'))
    }
  })
}
