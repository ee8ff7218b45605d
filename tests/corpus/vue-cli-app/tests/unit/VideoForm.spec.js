import { mount } from '@vue/test-utils'
import axios from 'axios'
import VideoForm from '@/components/VideoForm.vue'

jest.mock('axios')

const SANDBOX_KEY = '{{VPK_TEST:vue-unit}}'

describe('VideoForm', () => {
  it('posts the prompt', async () => {
    axios.post.mockResolvedValue({ data: { id: 'task_123', status: 'queued' } })
    const wrapper = mount(VideoForm, { global: { provide: { apiKey: SANDBOX_KEY } } })
    await wrapper.find('input').setValue('a cat surfing')
    await wrapper.find('form').trigger('submit')
    expect(axios.post).toHaveBeenCalled()
  })
})
