import React from 'react';
import renderer from 'react-test-renderer';
import App from '../App';

jest.mock('react-native-config', () => ({VIBEPEAK_API_KEY: '{{VPK_TEST:rn-jest}}'}));

it('renders correctly', () => {
  renderer.create(<App />);
});
