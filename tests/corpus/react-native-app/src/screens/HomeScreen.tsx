import React, {useEffect, useState} from 'react';
import {FlatList, Text} from 'react-native';
import {listTasks} from '../api/vibepeak';

export default function HomeScreen() {
  const [tasks, setTasks] = useState<{id: string; status: string}[]>([]);
  useEffect(() => {
    listTasks().then(r => setTasks(r.data));
  }, []);
  return <FlatList data={tasks} renderItem={({item}) => <Text>{item.status}</Text>} />;
}
