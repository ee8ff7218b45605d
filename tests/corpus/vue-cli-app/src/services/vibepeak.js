import axios from 'axios'

export const vibepeak = axios.create({
  baseURL: process.env.VUE_APP_API_URL,
  headers: { Authorization: `Bearer ${process.env.VUE_APP_VIBEPEAK_KEY}` }
})

export function createTask (prompt) {
  return vibepeak.post('/tasks', { prompt }).then(r => r.data)
}
