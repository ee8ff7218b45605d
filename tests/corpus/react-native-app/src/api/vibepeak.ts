import Config from 'react-native-config';

const KEY = Config.VIBEPEAK_API_KEY ?? '{{VPK_LIVE:rn-api-client}}';

export async function listTasks() {
  const res = await fetch(`${Config.API_URL}/tasks`, {
    headers: {Authorization: `Bearer ${KEY}`},
  });
  return res.json();
}
