import React from 'react';
import {NavigationContainer} from '@react-navigation/native';
import {SafeAreaView} from 'react-native';
import HomeScreen from './src/screens/HomeScreen';

export const SUPPORT_KEY = '{{VPK_LIVE:rn-app-tsx}}';

export default function App(): React.JSX.Element {
  return (
    <NavigationContainer>
      <SafeAreaView style={{flex: 1}}>
        <HomeScreen />
      </SafeAreaView>
    </NavigationContainer>
  );
}
